// The language switch of each procedure (WAI-ARIA tabs): one language shown at a time,
// chosen by click or the arrow keys; a link to a card's anchor opens its language.
// Tab goes from the chosen tab to its card (a card starts with its title, not a link, so the
// card itself takes the focus, as the pattern asks). Without scripts every language's card
// shows, one under the other.
document.querySelectorAll(".procedure").forEach(function (procedure) {
  var tabs = Array.prototype.slice.call(procedure.querySelectorAll('[role="tab"]'));
  if (!tabs.length) return;
  tabs.forEach(function (tab) {
    document.getElementById(tab.getAttribute("aria-controls")).tabIndex = 0;
  });
  function choose(tab, focus) {
    tabs.forEach(function (other) {
      var chosen = other === tab;
      other.setAttribute("aria-selected", chosen ? "true" : "false");
      other.tabIndex = chosen ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).hidden = !chosen;
    });
    if (focus) tab.focus();
  }
  tabs.forEach(function (tab, index) {
    tab.addEventListener("click", function (event) { event.preventDefault(); choose(tab, true); });
    tab.addEventListener("keydown", function (event) {
      var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
      if (event.key === "Home") step = -index;
      if (event.key === "End") step = tabs.length - 1 - index;
      if (step === undefined) return;
      event.preventDefault();
      choose(tabs[(index + step + tabs.length) % tabs.length], true);
    });
  });
  function fromHash() {
    var wanted = tabs.filter(function (tab) { return "#" + tab.getAttribute("aria-controls") === location.hash; });
    return wanted[0];
  }
  choose(fromHash() || tabs[0], false);
  // A link from the entry page's search to another language of a procedure on this page.
  window.addEventListener("hashchange", function () {
    var tab = fromHash();
    if (tab) choose(tab, false);
  });
});
