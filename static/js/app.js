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
