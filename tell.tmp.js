require('reflect-metadata');
const root = process.argv[2] || '/work/main';
const { Actor, ActorSystem, Handler, Message, silentLogger } = require(root + '/packages/core/dist/index.js');
class Inc extends Message {}
class Get extends Message {}
class C { constructor() { this.n = 0; } inc() { this.n++; } get() { return this.n; } }
Handler(Inc)(C.prototype, 'inc', Object.getOwnPropertyDescriptor(C.prototype, 'inc'));
Handler(Get)(C.prototype, 'get', Object.getOwnPropertyDescriptor(C.prototype, 'get'));
Actor()(C);
(async () => {
  const system = new ActorSystem({ logger: silentLogger });
  for (let r = 0; r < 6; r++) {
    const c = system.spawn(C);
    const t = process.hrtime.bigint(); const n = 1_000_000;
    const inc = new Inc();
    for (let i = 0; i < n; i++) c.doSend(inc);
    const got = await c.send(new Get());
    if (got !== n) throw new Error('bad ' + got);
    console.log((n / (Number(process.hrtime.bigint() - t) / 1e9) / 1e6).toFixed(2) + 'M/s');
    await c.stop();
  }
  await system.shutdown();
})();
