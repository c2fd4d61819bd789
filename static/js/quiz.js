/* Quiz page: saves answers as they change (so a lost connection loses nothing) and shows the
   time left. The server decides everything; without JavaScript the buttons still work. */
(function () {
  "use strict";
  var form = document.getElementById("quiz-form");
  if (!form) return;
  var status = form.querySelector(".save-status");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var timer = null;
  var pending = false;

  function save() {
    pending = false;
    var data = new FormData(form);
    fetch(form.dataset.saveUrl, {
      method: "POST",
      body: data,
      headers: { "X-CSRFToken": token, "Accept": "application/json", "X-Requested-With": "fetch" },
      credentials: "same-origin"
    }).then(function (response) {
      if (response.status === 409) {
        return response.json().then(function (body) {
          status.textContent = body.error || "";
          if (body.review_url) window.location.assign(body.review_url);
        });
      }
      status.textContent = response.ok ? status.dataset.saved || "✓" : status.dataset.failed || "!";
    }).catch(function () {
      status.textContent = status.dataset.offline || "…";
      pending = true;
    });
  }

  form.addEventListener("change", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 800);
  });
  window.addEventListener("online", function () { if (pending) save(); });

  var clock = document.querySelector(".timer");
  if (clock) {
    var left = parseInt(clock.dataset.remaining, 10);
    var value = clock.querySelector(".timer-value");
    window.setInterval(function () {
      left = Math.max(0, left - 1);
      value.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (left === 0) form.submit();
    }, 1000);
  }
})();
