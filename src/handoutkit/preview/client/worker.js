// Handout Kit preview: one event stream for every open page of the preview.
// A browser opens at most six connections to one server; an event stream per tab would
// leave a seventh tab unable to load. This shared worker holds the only stream and passes
// its events to every page (preview.js), the latest error state first to a page that joins.
"use strict";
const ports = new Set();
let errors = null;
const source = new EventSource("/_handoutkit/events");
for (const name of ["errors", "reload"]) {
  source.addEventListener(name, (event) => {
    if (name === "errors") errors = event.data;
    for (const port of ports) port.postMessage({ name, data: event.data });
  });
}
onconnect = (event) => {
  const port = event.ports[0];
  ports.add(port);
  port.onmessage = (message) => { if (message.data === "bye") ports.delete(port); };
  port.start();
  if (errors !== null) port.postMessage({ name: "errors", data: errors });
};
