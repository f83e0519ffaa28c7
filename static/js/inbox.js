// The count of "Tugas saya" in the navigation bar, fetched once the page is shown (see
// templates/includes/nav_inbox.html). Without it the link still leads to the list.
document.addEventListener("DOMContentLoaded", () => {
  const badge = document.querySelector("[data-inbox-count][data-src]");
  if (!badge) return;
  fetch(badge.dataset.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : null))
    .then((data) => {
      if (!data) return;
      badge.textContent = data.count;
      badge.className = "badge rounded-pill text-bg-light";
      badge.title = data.label;
      badge.setAttribute("aria-label", data.label);
      badge.hidden = false;
    })
    .catch(() => {});
});
