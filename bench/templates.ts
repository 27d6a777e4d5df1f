/**
 * Re-applying the rules of 50 templates to 100,000 recordings (rows inserted directly into a temp
 * catalog). Target: under 1 s median. Baseline: a plain `SELECT id, search_key FROM recordings`
 * over the same rows, i.e. the cost of just reading the names.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { searchKeyOf } from '@shared/domain';
import { Library } from '@core/catalog/library';
import { applyTemplates, commitPlan, planApply } from '../src-main/core/templates/apply';
import { saveTemplate } from '../src-main/core/templates/store';
import { median, type Row } from './lib';

const TEMPLATES = 50;
const RECORDINGS = 100_000;

const TOPICS = [
  'python', 'питон', 'machine learning', 'машинное обучение', 'statistics', 'статистика', 'sql', 'базы данных', 'devops', 'docker',
  'react', 'фронтенд', 'алгоритмы', 'graphs', 'spark', 'airflow', 'kafka', 'product', 'roadmap', 'interview',
  'собеседование', 'standup', 'планёрка', 'retro', 'sync', 'kubernetes', 'rust', 'go', 'java', 'c++',
  'linear algebra', 'линейная алгебра', 'calculus', 'матанализ', 'economics', 'экономика', 'design', 'дизайн', 'ux', 'security',
  'networks', 'сети', 'os', 'операционные системы', 'compilers', 'компиляторы', 'nlp', 'cv', 'robotics', 'quantum',
];
const WORDS = ['Лекция', 'Lecture', 'Семинар', 'Seminar', 'Week', 'Неделя', 'Part', 'Часть', 'Intro to', 'Advanced', 'Разбор', 'Q&A', 'Workshop', 'Практика'];

/** Deterministic pseudo-random numbers, so every run measures the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function seed(lib: Library): void {
  const rand = rng(42);
  for (let i = 0; i < TEMPLATES; i++) {
    const topic = TOPICS[i]!;
    const rules =
      i % 5 === 0
        ? { patterns: [`${topic.replace(/[+]/g, '\\+')}\\s+(week|неделя)?\\s*\\d+`], keywords: [`${topic} lab`], excludeKeywords: ['draft'] }
        : i % 7 === 0
          ? { exact: [`${topic} weekly`], keywords: [topic], excludePatterns: ['^черновик'] }
          : { keywords: [topic, `${topic} course`], excludeKeywords: ['cancelled', 'отменено'] };
    const res = saveTemplate(lib, { name: `Course ${i + 1}: ${topic}`, rules });
    if (!res.ok) throw new Error(res.errors.map((e) => e.message).join('; '));
  }
  const insert = lib.sqlite.prepare("INSERT INTO recordings (profile_id, display_name, search_key, start_time, status) VALUES (1, ?, ?, ?, 'ready')");
  lib.sqlite.transaction(() => {
    for (let i = 0; i < RECORDINGS; i++) {
      // About one in six names matches nothing (a topic outside the templates).
      const topic = rand() < 0.16 ? `misc ${Math.floor(rand() * 1000)}` : TOPICS[Math.floor(rand() * TOPICS.length)]!;
      const name = `${WORDS[Math.floor(rand() * WORDS.length)]} ${Math.floor(rand() * 30) + 1}: ${rand() < 0.5 ? topic.toUpperCase() : topic}${rand() < 0.03 ? ' (cancelled)' : ''}`;
      insert.run(name, searchKeyOf(name), 1_700_000_000_000 + i * 60_000);
    }
  })();
}

export async function benchTemplates(): Promise<Row[]> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-bench-templates-'));
  const lib = Library.open(path.join(base, 'Library'), { create: true, writer: 'bench' });
  try {
    seed(lib);
    const reset = () => void lib.sqlite.prepare('UPDATE recordings SET template_id = NULL').run();
    const baseline = await median(7, () => lib.sqlite.prepare('SELECT id, search_key FROM recordings').all());
    let changed = 0;
    const applyAll = await median(
      7,
      () => {
        changed = applyTemplates(lib, { dryRun: false }).total;
      },
      reset,
    );
    const preview = await median(7, () => planApply(lib.sqlite));
    const noop = await median(7, () => commitPlan(lib.sqlite, planApply(lib.sqlite)));
    return [
      {
        name: `re-apply ${TEMPLATES} templates to ${RECORDINGS.toLocaleString('en')} recordings (${changed.toLocaleString('en')} rows change, one transaction)`,
        oursMs: applyAll,
        baselineName: 'SELECT id, search_key',
        baselineMs: baseline,
        target: '< 1000 ms',
      },
      { name: 'preview (dry run: match only, nothing written)', oursMs: preview, baselineName: 'SELECT id, search_key', baselineMs: baseline },
      { name: 're-apply when nothing changes', oursMs: noop, baselineName: 'SELECT id, search_key', baselineMs: baseline },
    ];
  } finally {
    lib.close();
    fs.rmSync(base, { recursive: true, force: true });
  }
}
