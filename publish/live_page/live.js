"use strict";
// The live preview's page: told by server-sent events what changed, it reloads the web
// edition (keeping the reader's place) or the PDF's page pictures, and shows a failed
// build's error over the last good editions.
const frame = document.getElementById("web");
const pages = document.getElementById("pages");
const statusLine = document.getElementById("status");
const problem = document.getElementById("problem");
const report = document.getElementById("report");
let web = 0;
let pdf = 0;

function reloadWeb(generation) {
  let place = 0;
  try { place = frame.contentWindow.scrollY; } catch (error) { /* not loaded yet */ }
  frame.onload = () => {
    try { frame.contentWindow.scrollTo(0, place); } catch (error) { /* nothing to keep */ }
    document.body.dataset.web = String(generation);
  };
  frame.src = "/web?g=" + generation;
}

function reloadPages(generation, count) {
  while (pages.children.length > count) pages.lastChild.remove();
  while (pages.children.length < count) {
    const picture = document.createElement("img");
    picture.loading = "lazy";
    picture.alt = "Page " + (pages.children.length + 1);
    pages.append(picture);
  }
  [...pages.children].forEach((picture, index) => {
    picture.src = "/page?n=" + (index + 1) + "&g=" + generation;
  });
  document.body.dataset.pdf = String(generation);
}

function show(state) {
  document.getElementById("source").textContent = state.source;
  document.title = state.source + " — publish";
  if (state.web !== web && state.web > 0) reloadWeb(state.web);
  if (state.pdf !== pdf && state.pdf > 0) reloadPages(state.pdf, state.pages);
  web = state.web;
  pdf = state.pdf;
  document.getElementById("download").hidden = pdf === 0;
  problem.hidden = !state.error;
  problem.textContent = state.error;
  document.body.classList.toggle("stale", Boolean(state.error));
  statusLine.textContent = state.building === "html" ? "building the web page…"
    : state.building === "pdf" ? "laying out the PDF…"
    : state.error ? "the build failed: showing the last good editions"
    : "up to date, " + new Date().toLocaleTimeString();
  report.replaceChildren(...state.messages.map((message) => {
    const item = document.createElement("li");
    item.textContent = message;
    return item;
  }));
}

const events = new EventSource("/events");
events.onmessage = (event) => show(JSON.parse(event.data));
events.onerror = () => { statusLine.textContent = "the preview server has stopped (publish preview --live)"; };
