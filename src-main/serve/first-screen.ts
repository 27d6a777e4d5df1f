/**
 * The page of `reclib serve` with the first screen's answers in it (issue 13, first paint): the
 * library's status, the app settings and the first page of the Recordings list, as the host
 * answers the renderer's own requests for them (src-shared/first-screen.ts). The page's head (its
 * scripts and styles) is sent at once, so the browser fetches and compiles them while the host
 * answers; then the first screen as HTML inside the root element (first-screen-html.ts: rows paint
 * before any script runs) and the answers in a JSON script at the end of the body. Module scripts
 * run only once the whole document is parsed, so the renderer always finds them there.
 */
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { AppSettings } from '@shared/settings';
import { FIRST_SCREEN_ELEMENT_ID, FIRST_SCREEN_REQUESTS, type FirstScreenAnswer, requestText, scriptSafeJson } from '@shared/first-screen';
import type { HostClient } from '../host/client';
import { firstScreenHtml, themeTag } from './first-screen-html';

/** A host slower than this (a long start, a busy disk) does not hold the page: the renderer asks itself. */
const ANSWER_WAIT_MS = 1500;

/** The answers the host gives within the wait; an error (no library, a dead host) is left for the renderer to ask and report. */
export async function firstScreenAnswers(host: HostClient, waitMs = ANSWER_WAIT_MS): Promise<FirstScreenAnswer[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)));
  try {
    const answers = await Promise.all(
      FIRST_SCREEN_REQUESTS.map(async ({ channel, request }): Promise<FirstScreenAnswer | null> => {
        const envelope = await Promise.race([host.request(channel, request), late]);
        return envelope?.ok ? { channel, request: requestText(request), envelope } : null;
      }),
    );
    return answers.filter((a): a is FirstScreenAnswer => a !== null);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The answers as the page carries them: a JSON data block (never run, so the page's CSP allows it)
 * that no value can close early, with the host's count of library changes read before they were asked.
 */
export function firstScreenElement(answers: FirstScreenAnswer[], changes: number): string {
  return `<script type="application/json" id="${FIRST_SCREEN_ELEMENT_ID}" data-changes="${changes}">${scriptSafeJson(answers)}</script>`;
}

/**
 * The language the renderer will show (src-renderer/src/i18n): the stored choice, else the
 * browser's first language the UI speaks (Accept-Language is navigator.languages), else English.
 */
export function pageLanguage(answers: FirstScreenAnswer[], acceptLanguage: string | undefined): string {
  const settings = answers.find((a) => a.channel === 'app:settings')?.envelope;
  const chosen = settings?.ok ? (settings.value as AppSettings).ui.language : 'system';
  if (chosen !== 'system') return chosen;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const primary = part.trim().split(/[-;]/)[0]!.toLowerCase();
    if (primary === 'en' || primary === 'ru') return primary;
  }
  return 'en';
}

/** The built chunk of a language's messages (electron.vite.config.ts names them locale-<lng>-<hash>.js), or null. */
function localeChunk(renderer: string, lng: string): string | null {
  try {
    const name = fs.readdirSync(path.join(renderer, 'assets')).find((f) => f.startsWith(`locale-${lng}-`) && f.endsWith('.js'));
    return name ? `./assets/${name}` : null;
  } catch {
    return null;
  }
}

const STYLESHEET = /<link rel="stylesheet"(?: crossorigin)? href="\.\/assets\/([\w.-]+\.css)">/g;
const inlined = new Map<string, string | null>();

/**
 * The page's stylesheets written into it: the static first screen is laid out as soon as the page is
 * in, not one more request later (the CSP allows inline styles). A stylesheet that could close the
 * <style> element early stays a link. Read once per file: a build names its files by their content.
 */
export function inlineStylesheets(html: string, renderer: string): string {
  return html.replace(STYLESHEET, (link, name: string) => {
    const file = path.join(renderer, 'assets', name);
    if (!inlined.has(file)) {
      let css: string | null = null;
      try {
        css = fs.readFileSync(file, 'utf8');
      } catch {
        // missing: the link stays and the browser reports it
      }
      inlined.set(file, css !== null && !/<\/style/i.test(css) ? css : null);
    }
    const css = inlined.get(file);
    return css ? `<style>${css}</style>` : link;
  });
}

/** Where the page's root element opens and closes: the first screen's markup goes between. */
const ROOT_OPEN = '<div id="root">';
const ROOT_CLOSE = '</div>';

/**
 * Writes the built page: the part up to `<div id="root">` at once (the browser fetches and
 * compiles the scripts and styles meanwhile), the rest once the host has answered (or the wait is
 * over): the first screen as HTML inside the root (first-screen-html.ts), then the rest of the body
 * with a preload of the language's messages (the renderer would otherwise ask for them only once
 * its first script has run) and the answers before `</body>`.
 */
export async function sendPageWithFirstScreen(res: http.ServerResponse, page: { html: string; renderer: string; acceptLanguage: string | undefined; colorScheme?: string | undefined }, host: HostClient): Promise<void> {
  const html = inlineStylesheets(page.html, page.renderer);
  const root = html.indexOf(ROOT_OPEN + ROOT_CLOSE);
  const at = html.lastIndexOf('</body>');
  if (root < 0 || at < root) {
    res.end(html);
    return;
  }
  // A host still starting (`reclib serve` just launched) does not hold the page either: the page
  // goes out whole at once and the renderer asks, as the desktop app's page does.
  // Read before asking: a change while the host answers makes the page ask again once it listens.
  const changes = host.changes;
  const asked = host.status?.phase === 'ready' ? firstScreenAnswers(host) : Promise.resolve([]);
  const afterRoot = root + ROOT_OPEN.length;
  res.write(html.slice(0, afterRoot));
  const answers = await asked;
  const lng = pageLanguage(answers, page.acceptLanguage);
  const chunk = localeChunk(page.renderer, lng);
  const preload = chunk ? `<link rel="modulepreload" crossorigin href="${chunk}">` : '';
  res.end(themeTag(answers, page.colorScheme) + firstScreenHtml(answers, lng) + html.slice(afterRoot, at) + preload + firstScreenElement(answers, changes) + html.slice(at));
}
