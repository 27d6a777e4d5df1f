/**
 * Node's on-disk compile cache (module.enableCompileCache, Node >= 22.1) for the CLI and the host:
 * the V8 code of the bundled chunks is kept in the OS temp folder, so a start after the first does
 * not parse and compile half a megabyte of JavaScript again. Call it before the dynamic import of
 * the code it should cover (static imports are already loaded by then). A runtime without it
 * (an older Electron) or a cache that cannot be written only means compiling as before.
 */
import module from 'node:module';

export function enableCompileCache(): void {
  try {
    (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  } catch {
    // Start-up speed only: never a reason not to start.
  }
}
