// Buttons marked data-print open the print dialog (inline onclick handlers are refused by our CSP).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
