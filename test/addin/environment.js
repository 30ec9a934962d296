// jsdom for the task pane's views, with what every browser hosting a task pane has and jsdom
// lacks (and Node's setImmediate, for the in-process server): fetch (Node's own, so the views talk to a real server on loopback), TextEncoder,
// structuredClone. jsdom has no layout, so ResizeObserver (which Fluent's MessageBar uses to
// reflow) observes nothing and never calls back.
const { TestEnvironment } = require('jest-environment-jsdom');

class TaskPaneEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    const { fetch, Response, Request, Headers, TextEncoder, TextDecoder, structuredClone, setImmediate, clearImmediate } = globalThis;
    Object.assign(this.global, { fetch, Response, Request, Headers, TextEncoder, TextDecoder, structuredClone });
    // The real server the views talk to runs in this realm and queues its batches with Node's
    // setImmediate (ExcelJS's polyfill once put one here by accident, when the server loaded it).
    Object.assign(this.global, { setImmediate, clearImmediate });
    this.global.ResizeObserver ??= class ResizeObserver {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
  }
}

module.exports = TaskPaneEnvironment;
