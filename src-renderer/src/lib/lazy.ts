import { type ComponentType, lazy, type LazyExoticComponent } from 'react';

/** A named export of a module loaded on first render (React.lazy wants a default export). */
export function lazyNamed<K extends string, P extends object>(load: () => Promise<Record<K, ComponentType<P>>>, name: K): LazyExoticComponent<ComponentType<P>> {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}
