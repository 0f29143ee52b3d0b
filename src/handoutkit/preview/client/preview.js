// Handout Kit preview: reloads this page when the build rewrites it, and shows a build error
// over the last good version. The preview server adds this script to the pages it serves;
// the files on disk never hold it.
(() => {
  "use strict";
  const here = decodeURIComponent(location.pathname.endsWith("/")
    ? location.pathname + "index.html" : location.pathname);
  const scrollKey = "handoutkit-preview-scroll:" + here;
  let overlay = null;

  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    const [x, y] = JSON.parse(saved);
    addEventListener("load", () => scrollTo(x, y), { once: true });
  }

  function reload() {
    sessionStorage.setItem(scrollKey, JSON.stringify([scrollX, scrollY]));
    location.reload();
  }

  function showErrors(messages) {
    if (!messages.length) {
      if (overlay) { overlay.remove(); overlay = null; }
      return;
    }
    if (!overlay) {
      overlay = document.createElement("handoutkit-preview-error");
      overlay.attachShadow({ mode: "open" });
      document.documentElement.append(overlay);
    }
    const root = overlay.shadowRoot;
    root.replaceChildren();
    const style = document.createElement("style");
    style.textContent = `
      .backdrop { position: fixed; inset: 0; z-index: 2147483647; display: flex;
        align-items: flex-start; justify-content: center; padding: 5vh 1rem;
        background: rgb(0 0 0 / 0.45); overflow: auto; }
      .box { box-sizing: border-box; max-width: 48rem; width: 100%; background: #fff;
        color: #1a1a1a; border-top: 0.5rem solid #b00020; border-radius: 0.5rem;
        padding: 1.25rem 1.5rem; font: 16px/1.5 system-ui, sans-serif; direction: ltr;
        text-align: left; box-shadow: 0 1rem 3rem rgb(0 0 0 / 0.35); }
      h2 { margin: 0 0 0.75rem; font-size: 1.25rem; color: #b00020; }
      p { margin: 0 0 0.75rem; white-space: pre-wrap; overflow-wrap: anywhere; }
      .hint { color: #444; font-size: 0.9rem; }
      button { font: inherit; padding: 0.35rem 1rem; border: 2px solid #1a1a1a;
        border-radius: 0.35rem; background: #fff; color: #1a1a1a; cursor: pointer; }
      button:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }`;
    const backdrop = document.createElement("div");
    backdrop.className = "backdrop";
    const box = document.createElement("div");
    box.className = "box";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", "handoutkit-preview-title");
    const title = document.createElement("h2");
    title.id = "handoutkit-preview-title";
    title.textContent = messages.length === 1
      ? "The build stopped on an error" : `The build stopped on ${messages.length} errors`;
    box.append(title);
    for (const message of messages) {
      const paragraph = document.createElement("p");
      paragraph.className = "message";
      paragraph.textContent = message;
      box.append(paragraph);
    }
    const hint = document.createElement("p");
    hint.className = "hint";
    hint.textContent = "Underneath is the last version that built. Save the fixed file: " +
      "this page updates by itself.";
    const dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.textContent = "Show the last good version";
    dismiss.addEventListener("click", () => { overlay.remove(); overlay = null; });
    box.append(hint, dismiss);
    backdrop.append(box);
    backdrop.addEventListener("keydown", (event) => {
      if (event.key === "Escape") dismiss.click();
    });
    root.append(style, backdrop);
    dismiss.focus();  // an alert dialog takes the focus (WAI-ARIA); Escape or Enter closes it
  }

  // state: {global: [...], pages: {path: [...]}, all: [...], summary: [paths]}; the
  // gallery and the quality report (the summary pages, and every page in a summary folder,
  // a path ending in "/") show every error.
  function errorsFor(state) {
    const summary = (path) => (path.endsWith("/") ? here.startsWith(path) : here === path);
    if (state.summary.some(summary)) return state.all;
    return [...state.global, ...(state.pages[here] || [])];
  }

  function received(name, data) {
    const state = JSON.parse(data);
    if (name === "errors") showErrors(errorsFor(state));
    else if (name === "reload" && state.paths.includes(here)) reload();
  }

  // One stream for all the preview's pages, through a shared worker (worker.js says why);
  // a stream of this page's own where there is none.
  if (typeof SharedWorker === "function") {
    const worker = new SharedWorker("/_handoutkit/worker.js", { name: "handoutkit-preview" });
    worker.port.onmessage = (message) => received(message.data.name, message.data.data);
    worker.port.start();
    addEventListener("pagehide", () => worker.port.postMessage("bye"));
  } else {
    const events = new EventSource("/_handoutkit/events");
    for (const name of ["errors", "reload"]) {
      events.addEventListener(name, (event) => received(name, event.data));
    }
  }
})();
