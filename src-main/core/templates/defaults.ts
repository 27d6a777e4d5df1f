/**
 * The default templates a new library starts with: course-like collections with rules in English
 * and Russian, each with a generated thumbnail in resources/thumbnails/<thumbnail>.png
 * (scripts/make-thumbnails.ts draws them). Order matters: the first match wins, so the narrower
 * collections come first: an interview about Python is an interview, a deep learning lecture is
 * not filed under Machine Learning, and Team Meetings (daily, weekly, sync) comes last.
 */
import type { TemplateRulesInput } from '@shared/channels/templates';

export interface DefaultTemplate {
  name: string;
  thumbnail: string;
  rules: TemplateRulesInput;
  /** Two gradient colours and a pattern for the generated thumbnail. */
  art: { from: string; to: string; pattern: 'rings' | 'stripes' | 'grid' | 'waves' | 'dots' | 'checks' | 'diamonds' | 'bars' | 'arcs' | 'zigzag' | 'plaid' | 'rays' };
}

/** Latin-only word boundaries: JavaScript's \b does not know Cyrillic letters. */
const word = (w: string) => `(^|[^\\p{L}\\p{N}])${w}($|[^\\p{L}\\p{N}])`;

export const DEFAULT_TEMPLATES: DefaultTemplate[] = [
  {
    name: 'Interviews',
    thumbnail: 'interviews',
    rules: { keywords: ['interview', 'собеседован', 'интервью'] },
    art: { from: '0x422006', to: '0xa16207', pattern: 'rays' },
  },
  {
    name: 'Applied Python',
    thumbnail: 'applied-python',
    rules: { keywords: ['python', 'питон', 'пайтон', 'django', 'pandas'] },
    art: { from: '0x1e3a8a', to: '0x0e7490', pattern: 'rings' },
  },
  {
    name: 'Deep Learning',
    thumbnail: 'deep-learning',
    rules: { keywords: ['deep learning', 'глубокое обучение', 'глубокому обучению', 'neural network', 'нейросет', 'нейронн', 'pytorch'] },
    art: { from: '0x4c1d95', to: '0xbe185d', pattern: 'dots' },
  },
  {
    name: 'Machine Learning',
    thumbnail: 'machine-learning',
    rules: { keywords: ['machine learning', 'машинное обучение', 'машинному обучению', 'scikit'], patterns: [word('ml')] },
    art: { from: '0x312e81', to: '0x7c3aed', pattern: 'grid' },
  },
  {
    name: 'Data Engineering',
    thumbnail: 'data-engineering',
    rules: { keywords: ['data engineering', 'инженерия данных', 'airflow', 'spark', 'kafka', 'хранилищ'], patterns: [word('etl'), word('dwh')] },
    art: { from: '0x064e3b', to: '0x0f766e', pattern: 'bars' },
  },
  {
    name: 'SQL & Databases',
    thumbnail: 'databases',
    rules: { keywords: ['database', 'базы данных', 'баз данных', 'postgres', 'mysql', 'sqlite'], patterns: [word('sql')] },
    art: { from: '0x1f2937', to: '0x2563eb', pattern: 'checks' },
  },
  {
    name: 'Statistics',
    thumbnail: 'statistics',
    rules: { keywords: ['statistic', 'статистик', 'probability', 'теория вероятност', 'теории вероятност', 'a/b test', 'a/b-тест'] },
    art: { from: '0x7c2d12', to: '0xd97706', pattern: 'waves' },
  },
  {
    name: 'Algorithms',
    thumbnail: 'algorithms',
    rules: { keywords: ['algorithm', 'алгоритм', 'data structures', 'структуры данных', 'leetcode'] },
    art: { from: '0x134e4a', to: '0x65a30d', pattern: 'diamonds' },
  },
  {
    name: 'Web Development',
    thumbnail: 'web-development',
    rules: {
      keywords: ['web development', 'frontend', 'front-end', 'backend', 'back-end', 'javascript', 'typescript', 'веб-разработ', 'веб разработ', 'фронтенд', 'бэкенд'],
      patterns: [word('react'), word('css'), word('html')],
    },
    art: { from: '0x0c4a6e', to: '0x0891b2', pattern: 'zigzag' },
  },
  {
    name: 'DevOps',
    thumbnail: 'devops',
    rules: { keywords: ['devops', 'docker', 'kubernetes', 'k8s', 'ci/cd', 'девопс', 'terraform'] },
    art: { from: '0x3f3f46', to: '0x0d9488', pattern: 'plaid' },
  },
  {
    name: 'Product Management',
    thumbnail: 'product-management',
    rules: { keywords: ['product management', 'product manager', 'roadmap', 'продакт', 'управление продуктом', 'роадмап'] },
    art: { from: '0x831843', to: '0xea580c', pattern: 'arcs' },
  },
  {
    name: 'Team Meetings',
    thumbnail: 'team-meetings',
    rules: {
      keywords: ['standup', 'stand-up', 'daily', 'weekly', 'retro', 'planning', 'team meeting', 'all hands', 'all-hands', 'планерка', 'планёрка', 'созвон', 'встреча команды', 'ретро', 'митинг'],
      patterns: [word('sync'), word('1:1'), word('1-on-1')],
      excludeKeywords: ['interview', 'собеседован'],
    },
    art: { from: '0x1e293b', to: '0x475569', pattern: 'stripes' },
  },
];
