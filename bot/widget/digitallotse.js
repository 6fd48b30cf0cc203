/**
 * Digitallotse chat widget – one script tag on a municipal website:
 *
 *   <script src="digitallotse.js" data-server="(Adresse des Rasa-Servers)" defer></script>
 *
 * Design decisions (details in docs/architecture.md, "Widget"):
 * - Vanilla JS in one IIFE, no dependencies and no build step: small, nothing to audit in a
 *   supply chain, and it runs under a strict Content-Security-Policy (no inline code, no eval,
 *   all DOM built with createElement/textContent, so bot text can never become markup).
 * - Privacy before opening: loading the page only adds the launcher, the closed panel and the
 *   stylesheet. No request to the bot server and no storage until the user opens the chat.
 * - Accessibility follows BotFramework-WebChat's ACCESSIBILITY.md: the transcript is a role=log
 *   with aria-live off, new bot messages are announced once through a separate polite live
 *   region, and focus never moves when a message arrives.
 * - Transport is Rasa's REST channel: plain request/response, works through any proxy.
 */
(function () {
  "use strict";

  // document.currentScript is only set while this script runs, so read it before anything else.
  var script =
    document.currentScript || document.querySelector('script[src*="digitallotse.js"]');
  if (!script || window.Digitallotse || document.querySelector(".dl-root")) {
    return; // included twice or not as a script tag: one widget per page
  }

  var data = script.dataset;
  var SERVER = (data.server || "").trim().replace(/\/+$/, "");
  var TITLE = data.title || "Digitallotse – digitaler Assistent";
  var GREETING =
    data.greeting ||
    "Guten Tag! Ich bin Digitallotse, der digitale Assistent für die Digitalisierung von Kommunen. " +
      "Ich finde passende Förderprogramme, zeige Praxisbeispiele anderer Kommunen und erkläre die Vergabe. " +
      "Wobei kann ich Ihnen helfen?";
  var PRIVACY_URL = data.privacyUrl || "";
  var POSITION = data.position === "left" ? "left" : "right";
  var TIMEOUT = parseInt(data.timeout, 10) > 0 ? parseInt(data.timeout, 10) : 30000;
  var MAX_LENGTH = 2000;
  var STORE = "digitallotse."; // prefix of every sessionStorage key, so "delete" can find them all

  var TEXT = {
    open: "Chat mit Digitallotse öffnen",
    close: "Chat mit Digitallotse schließen",
    notice:
      "Sie schreiben mit einem digitalen Assistenten (einem Computerprogramm), nicht mit einem Menschen. " +
      "Bitte geben Sie keine personenbezogenen Daten ein.",
    error:
      "Die Verbindung zum Assistenten ist gerade gestört. Ihre Nachricht wurde nicht zugestellt.",
    empty: "Dazu habe ich gerade keine Antwort. Bitte formulieren Sie Ihre Frage anders.",
    deleted: "Das Gespräch wurde gelöscht.",
    deleteFailed:
      "Das Gespräch wurde in diesem Browser gelöscht. Die Angaben auf dem Server konnten gerade nicht " +
      "gelöscht werden, weil die Verbindung gestört ist; dort werden sie nach der eingestellten " +
      "Aufbewahrungsfrist gelöscht.",
    newWindow: " (öffnet neues Fenster)",
  };

  if (!SERVER) {
    // A missing data-server is a mistake of the page author; say so where they will look.
    window.console && console.error("Digitallotse: data-server fehlt am <script>-Tag.");
    return;
  }

  /* ------------------------------------------------------------------ storage */

  /**
   * sessionStorage only (no cookies, nothing that outlives the tab): the conversation ends when the tab
   * closes. Every access is guarded because storage can be disabled or full; the widget then
   * still works, it just forgets on reload.
   */
  function load(key) {
    try {
      return window.sessionStorage.getItem(STORE + key);
    } catch (e) {
      return null;
    }
  }
  function save(key, value) {
    try {
      window.sessionStorage.setItem(STORE + key, value);
    } catch (e) {
      /* storage unavailable: keep the conversation in memory only */
    }
  }
  function clearStore() {
    ["sender", "transcript", "open", "contacted"].forEach(function (key) {
      try {
        window.sessionStorage.removeItem(STORE + key);
      } catch (e) {
        /* nothing to clear */
      }
    });
  }

  /** A random sender id; randomUUID needs a secure context, so fall back to getRandomValues. */
  function newSenderId() {
    if (window.crypto && typeof crypto.randomUUID === "function") {
      return crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // RFC 4122 version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map
      .call(bytes, function (b) {
        return (b + 0x100).toString(16).slice(1);
      })
      .join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  /* ------------------------------------------------------------------ state */

  var senderId = load("sender");
  var transcript = []; // [{who: "bot"|"user"|"notice", text, buttons?, used?}]
  try {
    transcript = JSON.parse(load("transcript") || "[]");
    if (!Array.isArray(transcript)) transcript = [];
  } catch (e) {
    transcript = [];
  }
  var busy = false;
  var epoch = 0; // bumped by "delete": answers to requests of a deleted conversation are dropped
  var inflight = null; // AbortController of the running request

  function persist() {
    save("transcript", JSON.stringify(transcript));
  }

  /* ------------------------------------------------------------------ DOM helpers */

  /** createElement with class and text; never parses markup. */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }
  function button(className, text) {
    var b = el("button", className, text);
    b.type = "button";
    return b;
  }
  /** Text for screen readers only (speaker prefixes, "opens new window"). */
  function srOnly(text) {
    return el("span", "dl-sr", text);
  }

  /* ------------------------------------------------------------------ build the widget */

  var root = el("div", "dl-root dl-root--" + POSITION);
  root.lang = "de";
  root.hidden = true; // shown once the stylesheet has loaded, so no unstyled flash

  var launcher = button("dl-launcher");
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "dl-panel");
  // The icon is drawn in CSS: no SVG namespace URL, no image request, and it follows currentColor.
  var icon = el("span", "dl-launcher-icon");
  icon.setAttribute("aria-hidden", "true");
  // Visible text is the start of the accessible name (WCAG 2.5.3 label in name).
  var launcherText = el("span", "dl-launcher-text", "Chat mit Digitallotse");
  var launcherState = srOnly(" öffnen");
  launcher.append(icon, launcherText, launcherState);

  var panel = el("section", "dl-panel");
  panel.id = "dl-panel";
  panel.setAttribute("role", "region");
  panel.setAttribute("aria-labelledby", "dl-title");
  panel.hidden = true;

  var header = el("div", "dl-header");
  var title = el("h2", "dl-title", TITLE);
  title.id = "dl-title";
  var closeBtn = button("dl-close");
  closeBtn.append(el("span", "dl-close-icon", "×"), srOnly("Chat schließen"));
  closeBtn.firstChild.setAttribute("aria-hidden", "true");
  header.append(title, closeBtn);

  var toolbar = el("div", "dl-toolbar");
  toolbar.setAttribute("role", "group");
  toolbar.setAttribute("aria-label", "Gespräch");
  var saveBtn = button("dl-save", "Gespräch speichern");
  var copyBtn = button("dl-copy", "Letzte Antwort kopieren");
  var deleteBtn = button("dl-delete", "Gespräch löschen");
  toolbar.append(saveBtn, copyBtn, deleteBtn);

  var confirmBox = el("div", "dl-confirm");
  confirmBox.setAttribute("role", "group");
  confirmBox.setAttribute("aria-labelledby", "dl-confirm-text");
  confirmBox.hidden = true;
  var confirmText = el(
    "p",
    "dl-confirm-text",
    "Soll das ganze Gespräch gelöscht werden – hier im Browser und die Angaben auf dem Server?"
  );
  confirmText.id = "dl-confirm-text";
  var confirmYes = button("dl-delete-confirm", "Ja, löschen");
  var confirmNo = button("dl-delete-cancel", "Abbrechen");
  confirmBox.append(confirmText, confirmYes, confirmNo);

  var log = el("div", "dl-log");
  log.id = "dl-log";
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "off"); // announcements come from #dl-live only, once each
  log.setAttribute("aria-label", "Gesprächsverlauf");
  log.tabIndex = 0; // keyboard users can scroll a long transcript

  var form = el("form", "dl-form");
  form.noValidate = true;
  var label = el("label", "dl-label", "Ihre Nachricht");
  label.htmlFor = "dl-input";
  var input = el("textarea", "dl-input");
  input.id = "dl-input";
  input.rows = 2;
  input.maxLength = MAX_LENGTH;
  input.setAttribute("aria-describedby", "dl-hint");
  input.autocomplete = "off";
  var hint = el("p", "dl-hint");
  hint.id = "dl-hint";
  var count = el("span", "dl-count", "0/" + MAX_LENGTH);
  count.setAttribute("aria-hidden", "true"); // the hint already says the limit; a ticking count is noise
  hint.append(
    document.createTextNode("Höchstens " + MAX_LENGTH + " Zeichen. Die Eingabetaste sendet, Umschalt + Eingabetaste beginnt eine neue Zeile. "),
    count
  );
  var sendBtn = el("button", "dl-send", "Senden");
  sendBtn.type = "submit";
  var row = el("div", "dl-form-row");
  row.append(input, sendBtn);
  form.append(label, row, hint);

  panel.append(header, toolbar, confirmBox, log, form);

  // Outside the panel, so a reply that arrives after the user closed the chat is still announced.
  var live = el("div", "dl-live dl-sr");
  live.id = "dl-live";
  live.setAttribute("aria-live", "polite");
  live.setAttribute("aria-atomic", "true");

  // Panel right after the launcher: the natural tab order needs no focus tricks.
  root.append(launcher, panel, live);

  /* ------------------------------------------------------------------ rendering */

  var LINK = /(?:https:\/\/|mailto:|tel:)[^\s<>"]+/g;

  /** Appends text to parent, turning bare https/mailto/tel URLs into links; anything else stays text. */
  function appendLinked(parent, text) {
    var last = 0;
    text.replace(LINK, function (match, offset) {
      // Sentence punctuation after a URL belongs to the sentence, not the address; a ")" only
      // stays when the URL opened one itself (Wikipedia style).
      var url = match;
      for (;;) {
        var trimmed = url.replace(/[.,;:!?\]»“”'"]+$/, "");
        if (/\)$/.test(trimmed) && trimmed.indexOf("(") < 0) trimmed = trimmed.slice(0, -1);
        if (trimmed === url) break;
        url = trimmed;
      }
      parent.append(document.createTextNode(text.slice(last, offset)));
      var a = el("a", "dl-link", url);
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.append(srOnly(TEXT.newWindow));
      parent.append(a);
      last = offset + url.length;
      return match;
    });
    parent.append(document.createTextNode(text.slice(last)));
  }

  /**
   * A small, safe subset of formatting: lines become blocks, "- "/"• " lines a bulleted list,
   * "1. " lines a numbered list keeping the bot's numbers (users refer to "das zweite"),
   * indented lines after a list item continue that item.
   */
  function renderText(parent, text) {
    var list = null;
    var item = null;
    String(text)
      .split(/\r?\n/)
      .forEach(function (line) {
        var bullet = /^\s*[-•]\s+(.*)$/.exec(line);
        var numbered = /^\s*(\d{1,3})\.\s+(.*)$/.exec(line);
        var kind = bullet ? "ul" : numbered ? "ol" : null;
        if (kind) {
          if (!list || list.tagName.toLowerCase() !== kind) {
            list = el(kind, "dl-list");
            parent.append(list);
          }
          item = el("li");
          if (numbered) item.value = parseInt(numbered[1], 10);
          var first = el("span", "dl-line");
          appendLinked(first, bullet ? bullet[1] : numbered[2]);
          item.append(first);
          list.append(item);
          return;
        }
        if (item && /^\s+\S/.test(line)) {
          var more = el("span", "dl-line");
          appendLinked(more, line.trim());
          item.append(more);
          return;
        }
        list = null;
        item = null;
        if (!line.trim()) return; // blank line: only ends a list, the CSS spaces the blocks
        var p = el("p", "dl-line");
        appendLinked(p, line);
        parent.append(p);
      });
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  /** The AI-Act transparency notice: always the first item of a conversation. */
  function renderNotice() {
    var p = el("p", "dl-notice", TEXT.notice);
    if (PRIVACY_URL) {
      p.append(document.createTextNode(" "));
      var a = el("a", "dl-link", "Datenschutzhinweise");
      a.href = PRIVACY_URL;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.append(srOnly(TEXT.newWindow));
      p.append(a);
    }
    log.append(p);
    return p;
  }

  /** Renders one transcript entry; entry.used marks choices that were already answered. */
  function renderMessage(entry) {
    if (entry.who === "notice") return renderNotice();
    var bot = entry.who === "bot";
    var msg = el("div", "dl-msg " + (bot ? "dl-msg--bot" : "dl-msg--user"));
    msg.append(srOnly(bot ? "Digitallotse: " : "Sie: "));
    var body = el("div", "dl-msg-body");
    if (bot) {
      renderText(body, entry.text || "");
    } else {
      // The user's own text: line breaks kept, but no lists or links made from it.
      entry.text.split(/\r?\n/).forEach(function (line) {
        body.append(el("p", "dl-line", line));
      });
    }
    msg.append(body);
    if (entry.buttons && entry.buttons.length) {
      var choices = el("div", "dl-choices");
      choices.setAttribute("role", "group");
      choices.setAttribute("aria-label", "Antwortmöglichkeiten");
      entry.buttons.forEach(function (choice) {
        var b = button("dl-choice", choice.title);
        b.disabled = !!entry.used; // answered choices stay readable, but cannot be sent twice
        b.addEventListener("click", function () {
          if (busy || entry.used) return;
          entry.used = true;
          // Keep focus in the chat: the clicked button is about to become disabled.
          input.focus();
          Array.prototype.forEach.call(choices.querySelectorAll("button"), function (other) {
            other.disabled = true;
          });
          send(choice.payload, choice.title);
        });
        choices.append(b);
      });
      msg.append(choices);
    }
    log.append(msg);
    return msg;
  }

  function addEntry(entry) {
    transcript.push(entry);
    persist();
    renderMessage(entry);
    scrollToEnd();
  }

  /**
   * Writes one announcement into the live region (replacing the previous one). Screen readers
   * skip an unchanged text, so a repeated announcement is cleared first and set a moment later.
   */
  function announce(text) {
    if (live.textContent === text) {
      live.textContent = "";
      setTimeout(function () {
        live.textContent = text;
      }, 100);
    } else {
      live.textContent = text;
    }
  }

  /** Plain text of a bot entry as copied or saved: the text plus its choices. */
  function plain(entry) {
    var text = entry.text || "";
    if (entry.buttons && entry.buttons.length) {
      text += (text ? "\n" : "") + "Auswahl: " + entry.buttons.map(function (b) { return b.title; }).join(" | ");
    }
    return text;
  }

  /** Text of a rendered node as a screen reader reads it: list numbers dropped, hidden parts kept. */
  function spoken(node) {
    var out = "";
    node.childNodes.forEach(function (child) {
      if (child.nodeType === 3) out += child.nodeValue;
      else if (child.classList && child.classList.contains("dl-sr")) out += " " + child.textContent + " ";
      else if (child.nodeType === 1) out += " " + spoken(child) + " ";
    });
    return out.replace(/\s+/g, " ").trim();
  }

  /* ------------------------------------------------------------------ conversation */

  function ensureSender() {
    if (!senderId) {
      senderId = newSenderId();
      save("sender", senderId);
    }
    return senderId;
  }

  /** First open of a conversation: a local greeting, no request to the server. */
  function startConversation() {
    ensureSender();
    addEntry({ who: "notice" });
    addEntry({ who: "bot", text: GREETING });
    announce("Digitallotse: " + GREETING + " " + TEXT.notice);
  }

  function setBusy(value) {
    busy = value;
    sendBtn.disabled = value;
    log.setAttribute("aria-busy", value ? "true" : "false");
  }

  var typing = null;
  function showTyping() {
    typing = el("div", "dl-typing");
    var dots = el("span", "dl-dots");
    dots.setAttribute("aria-hidden", "true");
    dots.append(el("span"), el("span"), el("span"));
    typing.append(dots, srOnly("Digitallotse schreibt …"));
    log.append(typing);
    scrollToEnd();
  }
  function hideTyping() {
    if (typing) typing.remove();
    typing = null;
  }

  var errorBox = null;
  function hideError() {
    if (errorBox) errorBox.remove();
    errorBox = null;
  }

  /** POST to Rasa's REST channel; resolves to the list of bot messages or rejects. */
  function post(sender, message, controller) {
    var timer = setTimeout(function () {
      controller.abort();
    }, TIMEOUT);
    return fetch(SERVER + "/webhooks/rest/webhook", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sender, message: message }),
      credentials: "omit", // the bot needs no cookies, and the host site's must never travel along
      cache: "no-store",
      referrerPolicy: "no-referrer", // the bot server need not know which page the user is on
      signal: controller.signal,
    })
      .then(function (response) {
        if (!response.ok) {
          // 503 from the bot, 429/413 from the proxy carry a German reason; anything else (an HTML error
          // page, no body) gets the general connection message.
          return response
            .json()
            .catch(function () {
              return null;
            })
            .then(function (body) {
              var problem = new Error("HTTP " + response.status);
              problem.serverText = faultText(body);
              throw problem;
            });
        }
        return response.json();
      })
      .then(function (replies) {
        if (!Array.isArray(replies)) throw new Error("unexpected reply");
        return replies;
      })
      .finally(function () {
        clearTimeout(timer);
      });
  }

  /** The German text of an error answer: the bot's reply list or the proxy's {"error": "…"}; else "". */
  function faultText(body) {
    var texts = Array.isArray(body)
      ? body.map(function (reply) {
          return reply && typeof reply.text === "string" ? reply.text.trim() : "";
        })
      : [body && typeof body.error === "string" ? body.error.trim() : ""];
    return texts.filter(Boolean).join(" ").slice(0, 500);
  }

  /** Turns Rasa's reply list into transcript entries; images and custom payloads are ignored. */
  function toEntries(replies) {
    var entries = [];
    replies.forEach(function (reply) {
      if (!reply || typeof reply !== "object") return;
      var text = typeof reply.text === "string" && reply.text.trim() ? reply.text : "";
      var buttons = Array.isArray(reply.buttons)
        ? reply.buttons
            .filter(function (b) {
              return b && typeof b.title === "string" && b.title && typeof b.payload === "string";
            })
            .map(function (b) {
              return { title: b.title, payload: b.payload };
            })
        : [];
      if (!text && buttons.length && entries.length) {
        var previous = entries[entries.length - 1];
        previous.buttons = (previous.buttons || []).concat(buttons);
      } else if (text || buttons.length) {
        entries.push(buttons.length ? { who: "bot", text: text, buttons: buttons } : { who: "bot", text: text });
      }
    });
    return entries;
  }

  function deliver(message) {
    var mine = epoch;
    var controller = new AbortController();
    inflight = controller;
    hideError();
    setBusy(true);
    showTyping();
    save("contacted", "1"); // from now on the server holds a tracker for this sender id
    post(ensureSender(), message, controller)
      .then(function (replies) {
        if (mine !== epoch) return;
        var entries = toEntries(replies);
        if (!entries.length) entries = [{ who: "bot", text: TEXT.empty }];
        return reveal(entries, mine);
      })
      .catch(function (problem) {
        if (mine !== epoch) return;
        hideTyping();
        showError(message, (problem && problem.serverText) || TEXT.error);
      })
      .finally(function () {
        if (mine !== epoch) return;
        inflight = null;
        setBusy(false);
      });
  }

  /**
   * Shows a reply's messages one after another, each announced once on its own. Replacing the live
   * region several times in one task would let screen readers hear only the last message, so every
   * message gets its own turn; the typing indicator stays until the last one is shown.
   */
  function reveal(entries, mine) {
    return new Promise(function (resolve) {
      var i = 0;
      (function next() {
        if (mine !== epoch) return resolve();
        var entry = entries[i];
        transcript.push(entry);
        persist();
        var msg = renderMessage(entry);
        if (typing) log.append(typing); // keep the indicator below the newest message
        scrollToEnd();
        var body = msg.querySelector(".dl-msg-body");
        var text = spoken(body) || (entry.buttons || []).map(function (b) { return b.title; }).join(", ");
        announce("Digitallotse: " + text);
        i += 1;
        if (i < entries.length) {
          setTimeout(next, 400);
        } else {
          hideTyping();
          resolve();
        }
      })();
    });
  }

  function showError(message, text) {
    errorBox = el("div", "dl-error");
    errorBox.append(el("p", "dl-error-text", text));
    var retry = button("dl-retry", "Erneut senden");
    retry.addEventListener("click", function () {
      if (busy) return;
      input.focus(); // the button disappears; keep focus in the chat
      deliver(message);
    });
    errorBox.append(retry);
    log.append(errorBox);
    scrollToEnd();
    announce(text);
  }

  /** Sends message (a text or a button payload), showing shown (the title for buttons). */
  function send(message, shown) {
    if (busy || !message.trim()) return;
    hideError();
    addEntry({ who: "user", text: shown });
    deliver(message);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy) return;
    var text = input.value.slice(0, MAX_LENGTH);
    if (!text.trim()) {
      input.focus();
      return;
    }
    // A mouse click focused the send button, which is about to be disabled; keep focus usable.
    if (document.activeElement === sendBtn) input.focus();
    input.value = "";
    updateCount();
    send(text, text);
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault(); // Enter sends, Shift+Enter keeps the newline
      if (!busy) form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });

  function updateCount() {
    count.textContent = input.value.length + "/" + MAX_LENGTH;
  }
  input.addEventListener("input", updateCount);

  /* ------------------------------------------------------------------ open / close */

  function isOpen() {
    return !panel.hidden;
  }

  /** Opens the panel; focus goes to the input unless the page is restoring state after a reload. */
  function open(silent) {
    if (!isOpen()) {
      panel.hidden = false;
      launcher.setAttribute("aria-expanded", "true");
      launcherState.textContent = " schließen";
      root.classList.add("dl-root--open");
      save("open", "1");
      if (!transcript.length) startConversation();
      scrollToEnd();
    }
    if (silent !== true) input.focus();
  }

  function close() {
    if (!isOpen()) return;
    hideConfirm(false);
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcherState.textContent = " öffnen";
    root.classList.remove("dl-root--open");
    save("open", "0");
    launcher.focus();
  }

  launcher.addEventListener("click", function () {
    if (isOpen()) close();
    else open();
  });
  closeBtn.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") {
      event.preventDefault();
      close();
    }
  });

  /* ------------------------------------------------------------------ toolbar */

  function showConfirm() {
    confirmBox.hidden = false;
    confirmYes.focus();
  }
  function hideConfirm(refocus) {
    if (confirmBox.hidden) return;
    confirmBox.hidden = true;
    if (refocus) deleteBtn.focus();
  }
  deleteBtn.addEventListener("click", showConfirm);
  confirmNo.addEventListener("click", function () {
    hideConfirm(true);
  });

  /**
   * Deletes the conversation: locally at once, on the server by running the bot's own delete
   * flow (/delete_profile, then /affirm) with the old sender id. Its two replies are not shown.
   */
  confirmYes.addEventListener("click", function () {
    var oldSender = senderId;
    var contacted = load("contacted") === "1";
    epoch += 1;
    if (inflight) inflight.abort();
    inflight = null;
    hideConfirm(false);
    hideTyping();
    hideError();
    setBusy(false);
    clearStore();
    senderId = null;
    transcript = [];
    log.textContent = "";
    save("open", "1");
    startConversation();
    input.focus();
    announce(TEXT.deleted);
    if (!contacted || !oldSender) return; // the server never saw this conversation
    var controller = new AbortController();
    post(oldSender, "/delete_profile", controller)
      .then(function () {
        return post(oldSender, "/affirm", new AbortController());
      })
      .catch(function () {
        var note = el("p", "dl-notice dl-notice--warn", TEXT.deleteFailed);
        log.append(note);
        scrollToEnd();
        announce(TEXT.deleteFailed);
      });
  });

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  /** Saves the transcript as a UTF-8 text file, built in the browser: nothing goes to a server. */
  saveBtn.addEventListener("click", function () {
    var now = new Date();
    var date = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    var lines = [
      "Gespräch mit " + TITLE,
      "Gespeichert am " + pad(now.getDate()) + "." + pad(now.getMonth() + 1) + "." + now.getFullYear() +
        " um " + pad(now.getHours()) + ":" + pad(now.getMinutes()) + " Uhr",
      "",
      "Hinweis: Digitallotse ist ein Computerprogramm. Fakten stehen mit Quelle und Stand; " +
        "prüfen Sie sie vor einem Antrag oder einer Entscheidung beim Fördergeber bzw. in der geltenden Vorschrift.",
      "",
    ];
    transcript.forEach(function (entry) {
      if (entry.who === "notice") return;
      lines.push((entry.who === "bot" ? "Digitallotse: " : "Sie: ") + (entry.who === "bot" ? plain(entry) : entry.text));
      lines.push("");
    });
    var blob = new Blob([lines.join("\n")], { type: "text/plain;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var a = el("a");
    a.href = url;
    a.download = "digitallotse-gespraech-" + date + ".txt";
    a.hidden = true;
    root.append(a);
    a.click();
    a.remove();
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 10000);
    announce("Das Gespräch wird als Textdatei gespeichert.");
  });

  /** Copies the last bot answer; the clipboard API needs a secure context, hence the fallback. */
  copyBtn.addEventListener("click", function () {
    var last = null;
    transcript.forEach(function (entry) {
      if (entry.who === "bot") last = entry;
    });
    if (!last) {
      announce("Es gibt noch keine Antwort zum Kopieren.");
      return;
    }
    var text = plain(last);
    var done = function () {
      announce("Kopiert.");
    };
    var fallback = function () {
      var area = el("textarea", "dl-sr");
      area.value = text;
      area.setAttribute("readonly", "");
      area.setAttribute("aria-hidden", "true");
      area.tabIndex = -1;
      root.append(area);
      area.select();
      var ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (e) {
        ok = false;
      }
      area.remove();
      copyBtn.focus();
      announce(ok ? "Kopiert." : "Kopieren ist in diesem Browser nicht möglich.");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  });

  /* ------------------------------------------------------------------ start */

  function mount() {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = new URL("digitallotse.css", script.src).href;
    var reveal = function () {
      root.hidden = false; // an unreachable stylesheet still leaves a usable, unstyled widget
    };
    link.addEventListener("load", reveal);
    link.addEventListener("error", reveal);
    document.head.append(link);
    document.body.append(root);

    // A reload inside the same tab: restore what the user already saw, without asking the server.
    if (transcript.length) {
      transcript.forEach(renderMessage);
      if (load("open") === "1") open(true);
    }
  }

  window.Digitallotse = Object.freeze({
    open: function () {
      open();
    },
    close: close,
  });

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
