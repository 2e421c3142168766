// Show the full address of the page in print (served URL or file:// path).
document.querySelectorAll("[data-page-address]").forEach(function (el) {
  el.textContent = decodeURI(location.href.split("#")[0]);
});
