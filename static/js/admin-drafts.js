/* Typed work is never lost on the article form (templates/admin/articles/article/change_form.html)
 * and the case study's (templates/admin/clients/casestudy/change_form.html): the page's
 * #local-draft names the draft (data-key) and may say how a newer save reads (data-saved-since).
 *
 * - Leaving the page (a link, the sidebar, closing the tab) while the form differs from what was
 *   loaded asks first (the browser's own « Quitter le site ? »); not after « Enregistrer », not
 *   when nothing changed.
 * - As the editor types, the form's text fields, selects and check boxes (the roles' included)
 *   are kept in this browser (localStorage), per user and per article (or « new »), a moment
 *   after the last key. Reopening the form after a crash or a closed tab offers them back:
 *   « Un brouillon non enregistré du … a été retrouvé. Restaurer / Ignorer ».
 * - A save that went through (the next page shows no form error) discards the draft.
 *
 * Also: a form marked `data-autosubmit` (the restore page's « Rétablir aussi l'état de
 * publication ») is sent again when one of its boxes changes.
 */
(function () {
  "use strict";

  const PREFIX = "revops:brouillon:";
  const SENT = "revops:brouillon:envoye"; // sessionStorage: the draft of the form just sent
  const DELAY = 800;
  const SKIPPED_TYPES = new Set(["hidden", "file", "submit", "button", "reset", "image", "password"]);
  // Bookkeeping the server fills (versions, digests, order, counts) and one-off choices.
  const SKIPPED_NAMES =
    /(^csrfmiddlewaretoken$|^version$|^_|-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$|-(opened|version|order|position|DELETE|id|role|article)$|__prefix__|^publish_date$|^schedule_at$)/;

  function storage(kind) {
    try {
      const store = window[kind];
      const probe = `${PREFIX}test`;
      store.setItem(probe, "1");
      store.removeItem(probe);
      return store;
    } catch (error) {
      return null; // private mode, storage refused: the leave-page warning still works
    }
  }

  const local = storage("localStorage");
  const session = storage("sessionStorage");

  function kept(element) {
    if (!element.name || element.disabled || SKIPPED_NAMES.test(element.name)) return false;
    if (element.closest(".empty-form")) return false;
    if (element instanceof HTMLSelectElement) return !element.multiple;
    if (element instanceof HTMLTextAreaElement) return true;
    return element instanceof HTMLInputElement && !SKIPPED_TYPES.has(element.type);
  }

  /* The form's values the editor typed or chose, by field name. */
  function valuesOf(form) {
    const values = {};
    Array.from(form.elements).forEach((element) => {
      if (!kept(element)) return;
      if (element.type === "checkbox") values[element.name] = element.checked;
      else if (element.type === "radio") {
        if (element.checked) values[element.name] = element.value;
      } else values[element.name] = element.value;
    });
    return values;
  }

  function blank(value) {
    return value === "" || value === false || value === undefined || value === null;
  }

  function differ(one, other) {
    const names = new Set([...Object.keys(one), ...Object.keys(other)]);
    return Array.from(names).some((name) => {
      if (!(name in one) || !(name in other)) return !blank(one[name]) || !blank(other[name]);
      return one[name] !== other[name];
    });
  }

  function read(key) {
    if (!local) return null;
    try {
      const draft = JSON.parse(local.getItem(key) || "null");
      return draft && typeof draft.values === "object" ? draft : null;
    } catch (error) {
      return null;
    }
  }

  const when = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short" });

  /* A value put back as if typed: the writing room, the previews and the slug follow. */
  function put(form, name, value) {
    const found = form.elements.namedItem(name);
    if (!found) return;
    const elements = found instanceof RadioNodeList ? Array.from(found) : [found];
    elements.forEach((element) => {
      if (!kept(element)) return;
      if (element.type === "checkbox") element.checked = Boolean(value);
      else if (element.type === "radio") element.checked = element.value === value;
      else if (element instanceof HTMLSelectElement) {
        if (!Array.from(element.options).some((option) => option.value === value)) return;
        element.value = value;
      } else element.value = value;
      element.dispatchEvent(new Event("input", { bubbles: true }));
      element.dispatchEvent(new Event("change", { bubbles: true }));
      if (element instanceof HTMLSelectElement && window.django && window.django.jQuery) {
        window.django.jQuery(element).trigger("change"); // the autocomplete's own display
      }
    });
  }

  function offer(form, key, draft, version, onDecided, savedSince) {
    const box = document.createElement("div");
    box.className = "draft-recovery";
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "Brouillon retrouvé");
    const text = document.createElement("p");
    let message = `Un brouillon non enregistré du ${when.format(new Date(draft.savedAt))} a été retrouvé.`;
    if (draft.version && version && draft.version !== version) {
      message += ` ${savedSince || "L'article a été enregistré depuis : relisez avant d'enregistrer."}`;
    }
    text.textContent = message;
    const restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button default";
    restore.textContent = "Restaurer";
    const ignore = document.createElement("button");
    ignore.type = "button";
    ignore.className = "button";
    ignore.textContent = "Ignorer";
    box.append(text, restore, ignore);
    const status = document.createElement("p");
    status.className = "draft-recovery__status sr-only";
    status.setAttribute("role", "status");
    form.prepend(box);
    box.after(status);
    restore.addEventListener("click", () => {
      Object.entries(draft.values).forEach(([name, value]) => put(form, name, value));
      box.remove();
      status.textContent = "Brouillon restauré : relisez, puis enregistrez.";
      onDecided(true);
      const title = form.elements.namedItem("title");
      if (title && title.focus) title.focus();
    });
    ignore.addEventListener("click", () => {
      local.removeItem(key);
      box.remove();
      status.textContent = "Brouillon ignoré.";
      onDecided(false);
    });
    restore.focus({ preventScroll: true });
  }

  /* A form sent back with errors (a refused save, a conflict): what it holds is not saved. */
  function refused() {
    return Array.from(document.querySelectorAll(".errornote, ul.errorlist")).some(
      (element) => !element.closest(".markdownx-preview")
    );
  }

  /* The page after a form was sent: a save that went through leaves no form error on it. */
  function settleSent() {
    if (!session) return;
    const sent = session.getItem(SENT);
    if (!sent) return;
    session.removeItem(SENT);
    if (!refused() && local) local.removeItem(sent);
  }

  function guard(form, context) {
    const key = PREFIX + context.dataset.key;
    const version = context.dataset.version || "";
    // Sent back with errors, the form holds unsaved work from the start.
    const unsaved = refused();
    const loaded = unsaved ? {} : valuesOf(form);
    let sending = false;
    let undecided = false;
    let timer = null;

    const changed = () => differ(valuesOf(form), loaded);
    const save = () => {
      clearTimeout(timer);
      if (!local || undecided || sending) return;
      const values = valuesOf(form);
      if (!differ(values, loaded)) {
        local.removeItem(key);
        return;
      }
      try {
        local.setItem(key, JSON.stringify({ savedAt: Date.now(), version: version, values: values }));
      } catch (error) {
        // Storage full: the leave-page warning still protects the text.
      }
    };
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(save, DELAY);
    };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    if (window.django && window.django.jQuery) window.django.jQuery(form).on("change", "select", later);

    form.addEventListener("submit", (event) => {
      const button = event.submitter;
      if (button && (button.formTarget === "_blank" || button.getAttribute("formtarget") === "_blank")) {
        return; // « Aperçu » opens another tab: this page stays, unsaved
      }
      save();
      sending = true;
      if (session) session.setItem(SENT, key);
    });
    window.addEventListener("beforeunload", (event) => {
      if (sending || !changed()) return;
      save();
      event.preventDefault();
      event.returnValue = ""; // the browser shows its own « Quitter le site ? »
    });
    window.addEventListener("pagehide", save);

    const draft = read(key);
    if (unsaved) {
      save(); // the draft is what was sent, until a save goes through
    } else if (draft && differ(draft.values, loaded)) {
      undecided = true;
      offer(
        form,
        key,
        draft,
        version,
        (restored) => {
          undecided = false;
          if (restored) save();
        },
        context.dataset.savedSince,
      );
    } else if (draft && local) {
      local.removeItem(key); // nothing in it that the form does not already hold
    }
  }

  function autosubmit() {
    document.querySelectorAll("form[data-autosubmit]").forEach((form) => {
      form.addEventListener("change", () => form.requestSubmit());
    });
  }

  function boot() {
    settleSent();
    autosubmit();
    const context = document.getElementById("local-draft");
    const form = context && context.closest("form");
    if (form) guard(form, context);
  }

  // After the other scripts of the page (the writing room, the roles) have set their fields.
  if (document.readyState === "complete") boot();
  else window.addEventListener("load", boot);
})();
