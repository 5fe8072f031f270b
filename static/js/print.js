// Buttons marked data-print open the print dialog (inline onclick handlers are refused by our CSP).
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
