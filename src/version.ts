/** port42's version, injected by the build (scripts/build.mjs); "0.0.0-dev" when run from source. */
declare const __PORT42_VERSION__: string | undefined;
export const VERSION: string = typeof __PORT42_VERSION__ === 'string' ? __PORT42_VERSION__ : '0.0.0-dev';
