/**
 * Light and dark: the OS's choice by default (prefers-color-scheme), or the person's from Settings.
 * The choice is stored with the app settings (ui.theme, store/uiSettings.ts; Electron's native
 * theme follows it too); localStorage keeps a copy to paint the first frame in it.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'reclib.theme';
const dark = window.matchMedia('(prefers-color-scheme: dark)');

export function themeChoice(): ThemeChoice {
  const v = localStorage.getItem(KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

function apply(): void {
  const choice = themeChoice();
  const theme = choice === 'system' ? (dark.matches ? 'dark' : 'light') : choice;
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
}

export function setThemeChoice(choice: ThemeChoice): void {
  if (choice === 'system') localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, choice);
  apply();
}

dark.addEventListener('change', apply);
apply();
