// Layering configs (the sandbox template, then the demo's or a test's overrides):
// plain objects merge key by key; anything else in `over` (a list, a scalar, null)
// replaces what `base` had. A list of field map entries is thus replaced whole,
// as a user's config replaces a default list.
export type ConfigTree = Record<string, unknown>;

const plain = (x: unknown): x is ConfigTree => x !== null && typeof x === 'object' && !Array.isArray(x);

export function mergeConfig(base: ConfigTree, over: ConfigTree): ConfigTree {
  const out: ConfigTree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const under = out[key];
    out[key] = plain(value) && plain(under) ? mergeConfig(under, value) : value;
  }
  return out;
}
