// "Copy" buttons beside tracked links: copy the named element's text and say so.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy-target]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copyTarget);
  const status = button.parentElement.querySelector("[role=status]");
  try {
    await navigator.clipboard.writeText(source.textContent.trim());
    if (status) status.textContent = "Copied";
  } catch {
    // No clipboard permission (or not a secure context): select the text for a manual copy.
    window.getSelection().selectAllChildren(source);
    if (status) status.textContent = "Press Ctrl+C (⌘C) to copy";
  }
});
