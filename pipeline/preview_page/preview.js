// The live preview page: fetch /state after every "update" event and change only what
// changed, so a picture is fetched again only when its version (in its URL) is new.
"use strict";

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function warningList(warnings) {
  const list = element("ul", "warnings");
  for (const warning of warnings) {
    const item = element("li", warning.severity);
    if (warning.where) item.appendChild(element("code", "where", warning.where));
    item.appendChild(element("span", "text", warning.text));
    list.appendChild(item);
  }
  return list;
}

// One figure per picture, kept by its id; its img src is set only when it differs.
function figure(container, id, src, alt, caption, warnings) {
  let node = document.getElementById(id);
  if (!node) {
    node = element("figure");
    node.id = id;
    const img = element("img");
    img.loading = "lazy";
    node.appendChild(img);
    node.appendChild(element("figcaption"));
    node.appendChild(element("ul", "warnings"));
  }
  container.appendChild(node); // keeps the order of the state
  const img = node.querySelector("img");
  if (img.getAttribute("src") !== src) img.setAttribute("src", src);
  img.alt = alt;
  const captionNode = node.querySelector("figcaption");
  captionNode.replaceChildren(...caption);
  node.querySelector("ul.warnings").replaceWith(warningList(warnings));
  node.classList.toggle("warned", warnings.length > 0);
  return node;
}

function prune(container, keep) {
  for (const child of [...container.children]) {
    if (!keep.has(child.id)) child.remove();
  }
}

function showSlides(slides) {
  const grid = document.getElementById("slides");
  const keep = new Set();
  for (const slide of slides) {
    const id = `slide-${slide.number}`;
    keep.add(id);
    const caption = [element("span", "number", String(slide.number))];
    if (slide.title) caption.push(element("span", "title", slide.title));
    const alt = `Lysbilete ${slide.number}${slide.title ? ": " + slide.title : ""}`;
    figure(grid, id, slide.src, alt, caption, slide.warnings);
  }
  prune(grid, keep);
}

function showDocuments(documents) {
  const container = document.getElementById("documents");
  for (const documentState of documents) {
    const id = `document-${documentState.name}`;
    let section = document.getElementById(id);
    if (!section) {
      section = element("section", "document");
      section.id = id;
      section.appendChild(element("h3", "", documentState.label));
      section.appendChild(element("div", "grid"));
      container.appendChild(section);
    }
    const grid = section.querySelector(".grid");
    const keep = new Set();
    for (const page of documentState.pages) {
      const pageId = `${documentState.name}-page-${page.number}`;
      keep.add(pageId);
      const caption = [element("span", "number", `Side ${page.number}`)];
      figure(grid, pageId, page.src, `${documentState.label}, side ${page.number}`, caption, []);
    }
    prune(grid, keep);
  }
}

const STATUS = { building: "Byggjer …", ready: "Oppdatert", error: "Feil i innhaldet" };

function show(state) {
  document.getElementById("heading").textContent = `Samling ${state.number}`;
  document.title = `Samling ${state.number} – førehandsvising`;
  const status = document.getElementById("status");
  status.textContent = STATUS[state.status] || state.status;
  status.className = state.status;
  document.body.dataset.generation = String(state.generation);
  const error = document.getElementById("error");
  error.hidden = !state.error;
  document.getElementById("error-lines").textContent = (state.error || []).join("\n");
  const note = document.getElementById("note");
  note.hidden = !state.note;
  note.textContent = state.note || "";
  showSlides(state.slides);
  showDocuments(state.documents);
  const general = document.getElementById("general");
  general.hidden = state.warnings.length === 0;
  document.getElementById("general-warnings").replaceWith(warningList(state.warnings));
  document.querySelector("#general ul").id = "general-warnings";
}

let fetching = null;
let again = false;

// One /state request at a time; events during one are folded into one more request.
async function refresh() {
  if (fetching) {
    again = true;
    return;
  }
  fetching = fetch("/state", { cache: "no-store" });
  try {
    const response = await fetching;
    if (response.ok) show(await response.json());
  } finally {
    fetching = null;
    if (again) {
      again = false;
      refresh();
    }
  }
}

function listen() {
  const events = new EventSource("/events");
  events.addEventListener("update", refresh);
  events.onerror = () => {
    document.getElementById("status").textContent = "Mista sambandet med samling preview …";
    document.getElementById("status").className = "error";
  };
}

listen();
