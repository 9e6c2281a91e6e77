import { createRequire } from 'node:module';

type YamlModule = typeof import('yaml');

let loaded: YamlModule | undefined;

/**
 * The `yaml` package, loaded on first use. Loading it is a sixth of a cold `mynapin ask`, and a
 * built tree never needs it: every unedited intent file comes from the build's snapshot (see
 * yaml-snapshot.ts); only a file staff edited since the build, or a municipality file, is parsed.
 */
export function yaml(): YamlModule {
  loaded ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return loaded;
}
