// Small progressive enhancements; every page works without them.
document.addEventListener("change", (event) => {
  // Selects marked data-autosubmit (language switch, list filters) submit their form.
  if (event.target.matches("select[data-autosubmit]")) {
    event.target.form.requestSubmit();
  }
});
document.addEventListener("submit", (event) => {
  // Forms marked data-confirm ask before doing something that cannot be undone.
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// A page marked data-reload-after (a report whose PDF is being built) reloads itself
// after that many seconds, but never under someone typing into a form (no meta refresh:
// WCAG 2.2.1 wants the user to keep control), and says so in its own text.
const reloading = document.querySelector("[data-reload-after]");
if (reloading) {
  const seconds = Number(reloading.dataset.reloadAfter) || 15;
  const reload = () => {
    if (document.activeElement && document.activeElement.matches("input, textarea, select")) {
      window.setTimeout(reload, seconds * 1000);
    } else {
      window.location.reload();
    }
  };
  window.setTimeout(reload, seconds * 1000);
}

// Accessibility (WCAG 2.1 AA): a table wider than the screen scrolls inside its
// .table-responsive box; a keyboard user can scroll it only if the box takes focus, and a
// screen reader announces it by a name: the table's caption, the card's header or the
// heading above it.
function regionName(region) {
  const caption = region.querySelector("caption");
  if (caption && caption.textContent.trim()) return caption.textContent.trim();
  const header = region.closest(".card")?.querySelector(".card-header");
  if (header && header.textContent.trim()) return header.textContent.trim();
  let node = region;
  while (node && node !== document.body) {
    let sibling = node.previousElementSibling;
    while (sibling) {
      const heading = sibling.matches("h1, h2, h3, h4, h5, h6")
        ? sibling
        : sibling.querySelector("h1, h2, h3, h4, h5, h6");
      if (heading && heading.textContent.trim()) return heading.textContent.trim();
      sibling = sibling.previousElementSibling;
    }
    node = node.parentElement;
  }
  return document.querySelector("h1")?.textContent.trim() || document.title;
}

function markScrollRegions(root) {
  // Every such box, wide or not yet: whether it scrolls depends on the screen, which can
  // change at any time (a phone turned, a window resized), and a focusable box that does
  // not scroll costs one tab stop.
  root.querySelectorAll(".table-responsive:not([tabindex]), .chart-scroll:not([tabindex])").forEach((region) => {
    region.setAttribute("tabindex", "0");
    region.setAttribute("role", "region");
    region.setAttribute("aria-label", regionName(region).replace(/\s+/g, " ").slice(0, 120));
    region.dataset.scrollRegion = "";
  });
}

// After a refused form the page comes back with its errors: focus goes to the first
// field in error (or the form's own error message), so keyboard and screen-reader users
// land where they must act.
function focusFirstError() {
  const field = document.querySelector(
    "main form .is-invalid:not([type=hidden]), main form [aria-invalid=true]",
  );
  const target = field || document.querySelector("main form .alert-danger");
  if (!target) return;
  if (!field && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.focus();
  target.scrollIntoView({ block: "center" });
}

// Phones (issue 13): a table outside a .table-responsive box, or a chart, would widen the
// page past the screen; each gets a box that scrolls instead.
function wrapWideContent(root) {
  root.querySelectorAll("main table").forEach((table) => {
    if (table.closest(".table-responsive, .visually-hidden")) return;
    const box = document.createElement("div");
    box.className = "table-responsive";
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  });
  root.querySelectorAll("main svg.chart").forEach((chart) => {
    if (chart.parentElement.classList.contains("chart-scroll")) return;
    const box = document.createElement("div");
    box.className = "chart-scroll";
    chart.parentNode.insertBefore(box, chart);
    box.appendChild(chart);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  wrapWideContent(document);
  markScrollRegions(document);
  focusFirstError();
});

