import Module from 'node:module';

/** A function registration as the Functions worker would receive it. */
export interface Registration {
  metadata: {
    name: string;
    bindings: Record<string, { type: string; direction: string; [key: string]: unknown }>;
  };
  callback: (...args: unknown[]) => unknown;
}

/**
 * Stands in for the `@azure/functions-core` module that the real worker provides, so that
 * `app.http` / `app.timer` register for real instead of skipping in test mode. The worker does the
 * same: it wraps `Module.prototype.require`. Must be installed before `@azure/functions` loads.
 */
export function installFakeFunctionsCore(): Registration[] {
  const registered: Registration[] = [];
  const fakeCore = {
    setProgrammingModel() {},
    registerHook: () => ({ dispose() {} }),
    log() {},
    registerFunction(metadata: Registration['metadata'], callback: Registration['callback']) {
      registered.push({ metadata, callback });
      return { dispose() {} };
    },
  };
  const proto = Module.prototype as unknown as { require: (id: string) => unknown };
  const original = proto.require;
  proto.require = new Proxy(original, {
    apply: (target, self, args: [string]) =>
      args[0] === '@azure/functions-core' ? fakeCore : Reflect.apply(target, self, args),
  });
  return registered;
}
