// Upload page: a filter box above the asset list narrows it as you type
// (selected assets always stay visible). Without JavaScript the plain list remains.
document.addEventListener("DOMContentLoaded", () => {
  const select = document.getElementById("id_assets");
  if (!select) return;
  const search = document.createElement("input");
  search.type = "search";
  search.id = "asset-search";
  search.placeholder = select.dataset.filterPlaceholder || "…";
  search.setAttribute("aria-label", search.placeholder);
  select.before(search);
  search.addEventListener("input", () => {
    const needle = search.value.trim().toLowerCase();
    for (const option of select.options) {
      option.hidden = needle !== "" && !option.selected && !option.text.toLowerCase().includes(needle);
    }
  });
});
