// Follow-up visits: the "copy" button beside a survey link (no inline script: CSP).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-kefu-copy]");
  if (!button) return;
  const field = document.querySelector(button.dataset.kefuCopy);
  if (!field) return;
  field.select();
  const done = () => button.classList.add("btn-success");
  if (navigator.clipboard) {
    navigator.clipboard.writeText(field.value).then(done, () => document.execCommand("copy"));
  } else {
    document.execCommand("copy");
    done();
  }
});
