// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");
  // Move focus to an error summary so screen-reader and keyboard users hear the problems first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
  // The request form's agency step: picking an agency from the directory folds away the
  // "not listed" details and unticks the box; ticking the box opens them and clears the choice.
  // (Event delegation: htmx replaces the search results.)
  document.addEventListener("change", function (event) {
    var input = event.target;
    var details = document.querySelector("[data-unlisted-details]");
    if (!details || !input || !input.name) {
      return;
    }
    var box = document.querySelector('input[name="agency_not_listed"]');
    if (input.name === "agency" && input.checked) {
      details.open = false;
      if (box) {
        box.checked = false;
      }
    } else if (input === box) {
      details.open = box.checked;
      if (box.checked) {
        document.querySelectorAll('input[name="agency"]').forEach(function (radio) {
          radio.checked = false;
        });
      }
    }
  });
})();
