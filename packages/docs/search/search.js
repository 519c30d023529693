// The page's search, replacing Redoc's whole-word search: every query word
// must occur as a substring (so Korean compounds, operationIds, paths and
// field names are found from any part). Opened by Redoc's own search box
// (click or Ctrl+K), which it intercepts. The index is `window.__DOCS_SEARCH__`,
// built at build time by search-index.mjs.
(() => {
  const entries = window.__DOCS_SEARCH__ ?? [];
  const norm = (text) =>
    String(text ?? "")
      .toLowerCase()
      .normalize("NFC");
  const WEIGHTS = { title: 8, operationId: 6, path: 5, fields: 2, text: 1 };
  const haystacks = entries.map((entry) => Object.fromEntries(Object.keys(WEIGHTS).map((key) => [key, norm(entry[key])])));

  /** Entries matching every word of the query, best first. */
  function search(query) {
    const words = norm(query).split(/\s+/).filter(Boolean);
    if (words.length === 0) return [];
    const hits = [];
    entries.forEach((entry, index) => {
      let score = 0;
      for (const word of words) {
        let best = 0;
        for (const [key, weight] of Object.entries(WEIGHTS)) if (haystacks[index][key].includes(word)) best = Math.max(best, weight);
        if (best === 0) return;
        score += best;
      }
      if (entry.kind === "operation" || entry.kind === "webhook") score += 0.5;
      hits.push({ entry, score });
    });
    return hits.sort((a, b) => b.score - a.score).slice(0, 30);
  }

  /** Up to ~120 characters of the description around the first query word. */
  function snippet(entry, query) {
    const text = entry.text ?? "";
    const word = norm(query)
      .split(/\s+/)
      .find((w) => norm(text).includes(w));
    const at = word ? norm(text).indexOf(word) : 0;
    const start = Math.max(0, at - 40);
    return `${start > 0 ? "…" : ""}${text.slice(start, start + 120)}${start + 120 < text.length ? "…" : ""}`;
  }

  const el = (tag, attrs = {}, children = []) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
    for (const child of children) node.append(child);
    return node;
  };

  let dialog;
  function open() {
    if (!dialog) {
      const input = el("input", {
        type: "search",
        placeholder: "Search: 부분취소, 웹훅, cancelPayment, /payments, imp_uid…",
        "aria-label": "Search the reference",
      });
      const results = el("div", { class: "docs-search-results", role: "listbox" });
      dialog = el("div", { class: "docs-search", "data-component-name": "Search/SearchDialog", role: "dialog", "aria-modal": "true" }, [
        el("div", { class: "docs-search-panel" }, [el("div", { "data-component-name": "Search/SearchInput" }, [input]), results]),
      ]);
      const render = () => {
        results.replaceChildren();
        const query = input.value;
        if (!query.trim()) return;
        const hits = search(query);
        if (hits.length === 0) results.append(el("p", { "data-testid": "search-message" }, ["No results"]));
        for (const { entry } of hits) {
          const head = el("span", { class: "docs-search-title" }, [entry.title]);
          const where = el("span", { class: "docs-search-where" }, [
            entry.method ? `${entry.method} ${entry.path}` : entry.kind === "guide" ? "Guide" : "Section",
          ]);
          const item = el("a", { href: `#${entry.route}`, "data-component-name": "Search/SearchItem", "data-kind": entry.kind }, [
            head,
            where,
            el("span", { class: "docs-search-snippet" }, [snippet(entry, query)]),
          ]);
          item.addEventListener("click", close);
          results.append(item);
        }
      };
      input.addEventListener("input", render);
      dialog.addEventListener("click", (event) => {
        if (event.target === dialog) close();
      });
      document.body.append(dialog);
    }
    dialog.hidden = false;
    const input = dialog.querySelector("input");
    input.focus();
    input.select();
  }
  function close() {
    if (dialog) dialog.hidden = true;
  }

  // Capture phase on window runs before React's listeners on its root.
  window.addEventListener(
    "click",
    (event) => {
      if (event.target instanceof Element && event.target.closest('[data-testid="search-trigger"]')) {
        event.preventDefault();
        event.stopImmediatePropagation();
        open();
      }
    },
    true,
  );
  window.addEventListener(
    "keydown",
    (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
        event.preventDefault();
        event.stopImmediatePropagation();
        open();
      } else if (event.key === "Escape" && dialog && !dialog.hidden) {
        event.stopImmediatePropagation();
        close();
      }
    },
    true,
  );
  window.__docsSearch = search;
})();
