/* wagtail-peersupport: the quick exit, private notes, lesson progress, forgetting this
 * device, knowledge checks, the outline toggle and printing.
 *
 * Everything a visitor writes or marks is kept in their own browser (localStorage) and
 * never sent anywhere. Without this script, or without storage, the pages still work:
 * the controls that need it stay hidden. All wording comes from the page, translated.
 */
(function () {
  "use strict";

  var PREFIX = "wagtail-peersupport:";
  var storage = (function () {
    try {
      var store = window.localStorage;
      var probe = PREFIX + "probe";
      store.setItem(probe, "1");
      store.removeItem(probe);
      return store;
    } catch (error) {
      return null;
    }
  })();

  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  function readJSON(key, fallback) {
    try {
      var value = JSON.parse(storage.getItem(key));
      return value === null ? fallback : value;
    } catch (error) {
      return fallback;
    }
  }

  /* Course progress: the translation keys of the lessons marked as done. */
  function progressKey(course) {
    return PREFIX + "done:" + course;
  }

  function doneLessons(course) {
    var done = readJSON(progressKey(course), []);
    return Array.isArray(done) ? done : [];
  }

  function saveDone(course, done) {
    if (done.length) {
      storage.setItem(progressKey(course), JSON.stringify(done));
    } else {
      storage.removeItem(progressKey(course));
    }
  }

  function showProgress(layout) {
    var course = layout.getAttribute("data-ps-course");
    var done = doneLessons(course);
    all("[data-ps-lesson]", layout).forEach(function (item) {
      var link = item.querySelector("a");
      var mark = link.querySelector(".ps-done-mark");
      if (!mark) {
        // "✓" for the eye, "(done)" in the visitor's language for screen readers.
        var outline = item.closest("[data-ps-done-label]");
        mark = document.createElement("span");
        mark.className = "ps-done-mark";
        var tick = document.createElement("span");
        tick.setAttribute("aria-hidden", "true");
        tick.textContent = " \u2713";
        var label = document.createElement("span");
        label.className = "ps-visually-hidden";
        label.textContent = " " + (outline ? outline.getAttribute("data-ps-done-label") : "");
        mark.appendChild(tick);
        mark.appendChild(label);
        link.appendChild(mark);
      }
      mark.hidden = done.indexOf(item.getAttribute("data-ps-lesson")) === -1;
    });
    all("[data-ps-progress]", layout).forEach(function (section) {
      var keys = all("[data-ps-lesson]", layout).map(function (item) {
        return item.getAttribute("data-ps-lesson");
      });
      var count = done.filter(function (key) {
        return keys.indexOf(key) !== -1;
      }).length;
      section.querySelector("[data-ps-done-count]").textContent = count;
      section.querySelector("progress").value = count;
      section.hidden = false;
    });
    all("[data-ps-lesson-done]", layout).forEach(function (box) {
      var pressed = done.indexOf(box.getAttribute("data-ps-lesson-done")) !== -1;
      box.querySelector("button").setAttribute("aria-pressed", pressed ? "true" : "false");
      box.hidden = false;
    });
  }

  function setUpProgress(layout) {
    var course = layout.getAttribute("data-ps-course");
    if (!course) {
      return;
    }
    all("[data-ps-lesson-done]", layout).forEach(function (box) {
      var lesson = box.getAttribute("data-ps-lesson-done");
      box.querySelector("button").addEventListener("click", function () {
        var done = doneLessons(course).filter(function (key) {
          return key !== lesson;
        });
        if (this.getAttribute("aria-pressed") !== "true") {
          done.push(lesson);
        }
        saveDone(course, done);
        showProgress(layout);
      });
    });
    all("[data-ps-progress]", layout).forEach(function (section) {
      section.querySelector("[data-ps-progress-reset]").addEventListener("click", function () {
        if (window.confirm(section.getAttribute("data-ps-confirm"))) {
          saveDone(course, []);
          showProgress(layout);
        }
      });
    });
    showProgress(layout);
  }

  /* Private notes under each reflection question. */
  function setUpNotes(section) {
    var base = PREFIX + "notes:" + section.getAttribute("data-ps-notes") + ":";
    var controls = section.querySelector(".ps-notes__controls");
    var status = controls.querySelector(".ps-notes__status");
    var fields = all("textarea[data-ps-note]", section);
    var timer = null;

    function say(message) {
      status.textContent = message;
    }

    fields.forEach(function (field) {
      var key = base + field.getAttribute("data-ps-note");
      field.value = storage.getItem(key) || "";
      field.addEventListener("input", function () {
        if (field.value) {
          storage.setItem(key, field.value);
        } else {
          storage.removeItem(key);
        }
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          say(controls.getAttribute("data-ps-saved"));
        }, 800);
      });
      field.parentNode.hidden = false;
    });

    controls.querySelector("[data-ps-notes-clear]").addEventListener("click", function () {
      if (!window.confirm(controls.getAttribute("data-ps-confirm"))) {
        return;
      }
      fields.forEach(function (field) {
        storage.removeItem(base + field.getAttribute("data-ps-note"));
        field.value = "";
      });
      say(controls.getAttribute("data-ps-cleared"));
    });

    controls.querySelector("[data-ps-notes-download]").addEventListener("click", function () {
      var heading = document.querySelector("h1");
      var lines = [heading ? heading.textContent.trim() : document.title, ""];
      lines.push(section.querySelector(".ps-reflection__heading").textContent.trim(), "");
      fields.forEach(function (field, index) {
        var question = document.getElementById(field.getAttribute("aria-describedby"));
        lines.push(index + 1 + ". " + question.textContent.trim(), field.value.trim(), "");
      });
      var blob = new Blob([lines.join("\n")], { type: "text/plain;charset=utf-8" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = controls.getAttribute("data-ps-filename") + ".txt";
      document.body.appendChild(link);
      link.click();
      document.body.removeChild(link);
      window.setTimeout(function () {
        URL.revokeObjectURL(link.href);
      }, 1000);
    });
    controls.hidden = false;
  }

  /* Knowledge checks, scored here: the page holds the answers, nothing is sent. */
  function setUpCheck(box) {
    var questions = all("[data-ps-question]", box);
    var score = box.querySelector("[data-ps-check-score]");
    function say(name) {
      return box.getAttribute("data-ps-" + name);
    }
    function check(question) {
      var inputs = all("input", question);
      var result = question.querySelector("[data-ps-answer]");
      var right = true;
      if (!question.querySelector("input:checked")) {
        result.textContent = say("choose");
        return;
      }
      inputs.forEach(function (input) {
        var item = input.parentNode;
        var mark = item.querySelector("[data-ps-mark]");
        var feedback = item.querySelector(".ps-check__feedback");
        var correct = input.hasAttribute("data-ps-correct");
        var kind = correct ? "right" : input.checked ? "wrong" : "";
        right = right && input.checked === correct;
        mark.setAttribute("data-ps-mark", kind);
        mark.textContent = kind && say("mark-" + kind);
        mark.hidden = !kind;
        if (feedback) {
          feedback.hidden = !input.checked;
        }
      });
      question.setAttribute("data-ps-answered", right ? "right" : "wrong");
      result.textContent = say(right ? "right" : "wrong") + " " + result.getAttribute("data-ps-answer");
      all(".ps-check__explanation", question).forEach(function (part) {
        part.hidden = false;
      });
      if (all("[data-ps-answered]", box).length === questions.length) {
        score.textContent = say("score").replace("[right]", all('[data-ps-answered="right"]', box).length);
      }
    }
    questions.forEach(function (question) {
      question.querySelector("[data-ps-check-answer]").addEventListener("click", function () {
        check(question);
      });
    });
    box.querySelector("[data-ps-check-reset]").addEventListener("click", function () {
      all("[data-ps-answered]", box).forEach(function (question) {
        question.removeAttribute("data-ps-answered");
      });
      all("input", box).forEach(function (input) {
        input.checked = false;
      });
      all("[data-ps-mark], .ps-check__feedback, .ps-check__explanation", box).forEach(function (part) {
        part.hidden = true;
      });
      all("[data-ps-answer]", box).concat(score).forEach(function (part) {
        part.textContent = "";
      });
      box.querySelector("input").focus();
    });
    all(".ps-check__actions, [data-ps-check-privacy]", box).forEach(function (part) {
      part.hidden = false;
    });
  }

  /* The printed workbook can carry the notes saved in this browser, put in place here. */
  function setUpPrintedNotes(box) {
    var toggle = box.querySelector("input");
    var status = box.querySelector("[data-ps-status]");
    toggle.addEventListener("change", function () {
      var count = 0;
      all("[data-ps-print-notes]").forEach(function (section) {
        var base = PREFIX + "notes:" + section.getAttribute("data-ps-print-notes") + ":";
        all(".ps-reflection__question", section).forEach(function (item, index) {
          var old = item.querySelector(".ps-workbook__note");
          var note = toggle.checked && storage.getItem(base + (index + 1));
          if (old) {
            item.removeChild(old);
          }
          if (note) {
            var block = document.createElement("p");
            block.className = "ps-workbook__note";
            block.textContent = note;
            item.insertBefore(block, item.querySelector(".ps-writing-space"));
            count += 1;
          }
        });
      });
      status.textContent = toggle.checked
        ? box.getAttribute("data-ps-included").replace("[count]", count)
        : box.getAttribute("data-ps-removed");
    });
    box.hidden = false;
  }

  /* The sidebar outline folds away on small screens, behind a button. */
  function setUpOutline(nav) {
    var button = nav.querySelector(".ps-outline__toggle");
    var small = window.matchMedia("(max-width: 59.99em)");
    function set(expanded) {
      button.setAttribute("aria-expanded", expanded ? "true" : "false");
      nav.classList.toggle("ps-outline--collapsed", !expanded);
    }
    button.hidden = false;
    nav.classList.add("ps-outline--toggleable");
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    set(!small.matches);
  }

  /* Leave this site quickly: by the button, or by pressing Shift three times in a second.
   * The page is blanked at once and replaced in the history by the neutral page, so Back
   * does not return here. */
  function setUpQuickExit(link) {
    var presses = [];
    function leave(event) {
      if (event) {
        event.preventDefault();
      }
      document.documentElement.classList.add("ps-leaving");
      document.title = "";
      window.location.replace(link.href);
    }
    link.addEventListener("click", leave);
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Shift" || event.repeat) {
        return;
      }
      var now = Date.now();
      presses = presses.filter(function (time) {
        return now - time < 1000;
      });
      presses.push(now);
      if (presses.length >= 3) {
        leave();
      }
    });
    all("[data-ps-quick-exit-hint]").forEach(function (hint) {
      hint.hidden = false;
    });
  }

  /* Forget this device: every note, every course's progress, any offline copy. */
  function forgetEverything() {
    Object.keys(storage).forEach(function (key) {
      if (key.indexOf(PREFIX) === 0) {
        storage.removeItem(key);
      }
    });
    if (!window.caches) {
      return Promise.resolve();
    }
    return forgetWorkers().then(function () {
      return window.caches.keys();
    }).then(function (names) {
      return Promise.all(
        names
          .filter(function (name) {
            return name.indexOf(PREFIX) === 0;
          })
          .map(function (name) {
            return window.caches.delete(name);
          })
      );
    });
  }

  function setUpForget(box) {
    var status = box.querySelector("[data-ps-forget-status]");
    box.querySelector("button").addEventListener("click", function () {
      if (!window.confirm(box.getAttribute("data-ps-confirm"))) {
        return;
      }
      forgetEverything().then(function () {
        all("textarea[data-ps-note]").forEach(function (field) {
          field.value = "";
        });
        all("[data-ps-course]").forEach(showProgress);
        status.textContent = box.getAttribute("data-ps-done");
      });
    });
    box.hidden = false;
  }

  /* Reading offline: the course's service worker keeps its pages in this browser. */
  var sw = navigator.serviceWorker;

  function forgetWorkers() {
    return sw ? sw.getRegistrations().then(function (list) {
      return Promise.all(list.map(function (r) {
        var worker = r.active || r.waiting || r.installing;
        return worker && worker.scriptURL.indexOf("/offline/worker/") > 0 && r.unregister();
      }));
    }) : Promise.resolve();
  }

  function setUpOffline(layout) {
    var box = layout.querySelector("[data-ps-offline-box]");
    var status = box && box.querySelector("[role=status]");
    var worker = layout.getAttribute("data-ps-offline");
    if (!sw || !worker) {
      forgetWorkers(); // reading offline is off: a worker registered before goes
      return;
    }
    var ready = sw.register(worker, {
      scope: layout.getAttribute("data-ps-offline-scope")
    }).then(function () {
      return sw.ready;
    });
    function send(job) {
      ready.then(function (r) {
        r.active.postMessage(job);
      });
    }
    window.addEventListener("online", function () {
      send("refresh");
    });
    if (!box) {
      return;
    }
    // Each job is answered with the pages kept and their size.
    sw.addEventListener("message", function (event) {
      var d = event.data, lang = document.documentElement.lang || [];
      var name = d.job === "remove" ? "removed" : d.failed && d.job === "save" ? "failed" : "saved";
      if (d.pages || /save|remove/.test(d.job)) {
        status.textContent = box.getAttribute("data-ps-" + name)
          .replace("[pages]", d.pages.toLocaleString(lang))
          .replace("[size]", (d.bytes / 1e6).toLocaleString(lang, { maximumSignificantDigits: 2 }));
      }
    });
    all("[data-ps-offline-job]", box).forEach(function (button) {
      button.addEventListener("click", function () {
        var job = button.getAttribute("data-ps-offline-job");
        status.textContent = job === "save" ? box.getAttribute("data-ps-saving") : "";
        send(job);
      });
    });
    ready.then(function () {
      box.hidden = false;
      send("status");
    });
  }

  function start() {
    all("[data-ps-quick-exit]").slice(0, 1).forEach(setUpQuickExit);
    all(".ps-outline--sidebar[data-ps-outline]").forEach(setUpOutline);
    all("[data-ps-print]").forEach(function (box) {
      box.querySelector("button").addEventListener("click", function () {
        window.print();
      });
      box.hidden = false;
    });
    all("[data-ps-check]").forEach(setUpCheck);
    if (!storage) {
      return;
    }
    all("[data-ps-course]").forEach(setUpProgress);
    all("[data-ps-notes]").forEach(setUpNotes);
    all("[data-ps-include-notes]").forEach(setUpPrintedNotes);
    all("[data-ps-forget]").forEach(setUpForget);
    all("[data-ps-offline]").forEach(setUpOffline);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
