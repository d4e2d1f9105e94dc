/* The writing room (articles.editor.MarkdownEditor) and the article's search and social previews.
 *
 * Every Markdown field of the page, those an inline adds later included: the text beside its
 * live preview from 1200 px (the preview follows the caret's section), a « Rédiger / Aperçu »
 * switch below, a full-screen mode (Échap to leave), and images dropped or pasted uploaded
 * once their alt text is asked. The server renders everything shown; this file only asks it.
 */
(function () {
  "use strict";

  const WIDE = window.matchMedia("(min-width: 1200px)");
  const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/;
  const FENCE = /^\s*(```|~~~)/;
  let roomCount = 0;

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function post(url, data) {
    const body = new FormData();
    Object.entries(data).forEach(([key, value]) => body.append(key, value));
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "XMLHttpRequest" },
    });
  }

  /* Text reduced to letters and digits, to match a Markdown heading with its rendered title
   * (typographic apostrophes, non-breaking spaces, emphasis marks and links aside). */
  function comparable(text) {
    return text
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "");
  }

  /* The Markdown's headings (outside fenced code), with the line each starts on. */
  function headingsOf(text) {
    const headings = [];
    let inFence = false;
    text.split("\n").forEach((line, number) => {
      if (FENCE.test(line)) {
        inFence = !inFence;
        return;
      }
      const match = !inFence && HEADING.exec(line);
      if (match) headings.push({ line: number, key: comparable(match[2]) });
    });
    return headings;
  }

  /* The file name as an editor would start describing it: « schema-equipe_revops.png » →
   * « schema equipe revops ». */
  function nameHint(file) {
    return (file.name || "")
      .replace(/\.[a-z0-9]{2,5}$/i, "")
      .replace(/[-_.]+/g, " ")
      .trim();
  }

  /* One dialog for the page: a modal <dialog> keeps focus inside, Échap cancels, and the focus
   * goes back where it was when it closes. */
  const altDialog = {
    element: null,

    build() {
      const dialog = document.createElement("dialog");
      dialog.className = "alt-dialog";
      dialog.setAttribute("aria-labelledby", "alt-dialog-title");
      dialog.innerHTML =
        '<form method="dialog" class="alt-dialog__form">' +
        '<h2 id="alt-dialog-title">Texte alternatif de l\'image</h2>' +
        '<div class="alt-dialog__body"><img class="alt-dialog__thumb" alt="">' +
        '<div><p class="alt-dialog__file">Fichier : <strong></strong></p>' +
        '<label for="alt-dialog-input">Décrivez ce que montre l\'image, pour qui ne la voit pas</label>' +
        '<input id="alt-dialog-input" type="text" maxlength="255" autocomplete="off" ' +
        'aria-describedby="alt-dialog-help alt-dialog-warning">' +
        '<p id="alt-dialog-help" class="help"></p>' +
        '<p id="alt-dialog-warning" class="alt-dialog__warning" hidden></p></div></div>' +
        '<div class="alt-dialog__actions">' +
        '<button type="submit" class="button default alt-dialog__insert" value="insert">Insérer l\'image</button>' +
        '<button type="button" class="button alt-dialog__cancel">Annuler</button>' +
        "</div></form>";
      document.body.appendChild(dialog);
      this.element = dialog;
      return dialog;
    },

    /* Resolves with the alt text typed (maybe empty, after a warning), or null if cancelled. */
    ask(file) {
      const dialog = this.element || this.build();
      const input = dialog.querySelector("input");
      const warning = dialog.querySelector(".alt-dialog__warning");
      const insert = dialog.querySelector(".alt-dialog__insert");
      const thumb = dialog.querySelector(".alt-dialog__thumb");
      const hint = nameHint(file);
      dialog.querySelector(".alt-dialog__file strong").textContent = file.name || "image collée";
      dialog.querySelector("#alt-dialog-help").textContent = hint
        ? `D'après le nom du fichier : « ${hint} ». Une phrase courte qui dit ce que l'image apporte au texte.`
        : "Une phrase courte qui dit ce que l'image apporte au texte.";
      input.value = "";
      input.placeholder = hint;
      input.removeAttribute("aria-invalid");
      warning.hidden = true;
      warning.textContent = "";
      insert.textContent = "Insérer l'image";
      thumb.hidden = true;
      thumb.removeAttribute("src");
      const reader = new FileReader(); // a data: URL: the admin's policy refuses blob: images
      reader.onload = () => {
        thumb.src = reader.result;
        thumb.hidden = false;
      };
      reader.readAsDataURL(file);
      let warned = false;

      return new Promise((resolve) => {
        const form = dialog.querySelector("form");
        const cancel = dialog.querySelector(".alt-dialog__cancel");
        let result = null;
        const onSubmit = (event) => {
          const alt = input.value.trim();
          if (!alt && !warned) {
            event.preventDefault();
            warned = true;
            warning.hidden = false;
            warning.textContent =
              "Sans texte alternatif, l'article ne pourra pas être publié : décrivez l'image, " +
              "ou insérez-la quand même et complétez-le plus tard dans « Images ».";
            warning.setAttribute("role", "alert");
            input.setAttribute("aria-invalid", "true");
            insert.textContent = "Insérer sans texte alternatif";
            input.focus();
            return;
          }
          result = alt;
        };
        const onInput = () => {
          // Text typed after the warning: back to a plain insertion.
          if (warned && input.value.trim()) {
            warned = false;
            warning.hidden = true;
            warning.removeAttribute("role");
            input.removeAttribute("aria-invalid");
            insert.textContent = "Insérer l'image";
          }
        };
        const onCancel = () => dialog.close();
        const onClose = () => {
          form.removeEventListener("submit", onSubmit);
          input.removeEventListener("input", onInput);
          cancel.removeEventListener("click", onCancel);
          dialog.removeEventListener("close", onClose);
          resolve(result);
        };
        form.addEventListener("submit", onSubmit);
        input.addEventListener("input", onInput);
        cancel.addEventListener("click", onCancel);
        dialog.addEventListener("close", onClose);
        dialog.showModal();
        input.focus();
      });
    },
  };

  class WritingRoom {
    constructor(root) {
      this.root = root;
      this.editor = root.querySelector("textarea");
      this.preview = root.querySelector(".markdownx-preview");
      this.status = root.querySelector(".writing-room__status");
      this.tabs = Array.from(root.querySelectorAll("[role=tab]"));
      this.fullscreenButton = root.querySelector(".writing-room__fullscreen");
      this.previewUrl = this.editor.dataset.markdownxUrlsPath;
      this.uploadUrl = this.editor.dataset.markdownxUploadUrlsPath;
      this.latency = Math.max(parseInt(this.editor.dataset.markdownxLatency, 10) || 0, 250);
      this.rendered = null; // the text the preview shows
      this.request = 0;
      this.timer = null;
      this.section = null;
      this.name();
      this.listen();
      this.layout();
      this.whenVisible(() => this.refresh());
      root.classList.add("is-ready");
    }

    /* Ids for the tabs and panels, from the textarea's own (renumbered by Django's inlines). */
    name() {
      const base = this.editor.id || `writing-room-${++roomCount}`;
      const [write, preview] = this.tabs;
      const panes = [
        this.root.querySelector(".writing-room__pane--write"),
        this.root.querySelector(".writing-room__pane--preview"),
      ];
      write.id = `${base}-tab-write`;
      preview.id = `${base}-tab-preview`;
      panes[0].id = `${base}-pane-write`;
      panes[1].id = `${base}-pane-preview`;
      write.setAttribute("aria-controls", panes[0].id);
      preview.setAttribute("aria-controls", panes[1].id);
      this.panes = panes;
      const label = document.querySelector(`label[for="${this.editor.id}"]`);
      const title = label ? label.textContent.replace(/\s*:\s*$/, "").trim() : "";
      this.root.querySelector(".writing-room__title").textContent = title;
      if (title) {
        this.tabs[0].parentElement.setAttribute("aria-label", `Affichage : ${title}`);
        this.preview.setAttribute("aria-label", `Aperçu : ${title}`);
        this.fullscreenButton.setAttribute("aria-label", `Plein écran : ${title}`);
      }
    }

    listen() {
      this.editor.addEventListener("input", () => {
        this.keepInView();
        this.schedule();
      });
      ["keyup", "click", "focus"].forEach((type) =>
        this.editor.addEventListener(type, () => this.follow())
      );
      this.editor.addEventListener("drop", (event) => this.onFiles(event, event.dataTransfer));
      this.editor.addEventListener("paste", (event) => this.onFiles(event, event.clipboardData));
      this.editor.addEventListener("dragover", (event) => {
        if (hasFiles(event.dataTransfer)) {
          event.preventDefault();
          event.dataTransfer.dropEffect = "copy";
        }
      });
      this.tabs.forEach((tab, index) => {
        tab.addEventListener("click", () => this.show(tab.dataset.show));
        tab.addEventListener("keydown", (event) => {
          const moves = { ArrowLeft: -1, ArrowRight: 1, Home: -index, End: this.tabs.length };
          if (!(event.key in moves)) return;
          event.preventDefault();
          const next = Math.min(Math.max(index + moves[event.key], 0), this.tabs.length - 1);
          this.show(this.tabs[next].dataset.show);
          this.tabs[next].focus();
        });
      });
      this.fullscreenButton.addEventListener("click", () => this.toggleFullscreen());
      this.root.addEventListener("keydown", (event) => {
        if (event.key === "Escape" && this.root.classList.contains("is-fullscreen")) {
          event.preventDefault();
          this.toggleFullscreen();
        }
      });
      WIDE.addEventListener("change", () => this.layout());
    }

    /* Side by side, both panes are plain regions; narrower (or full screen on a narrow
     * window), they are the two tabs' panels. */
    layout() {
      const tabbed = !WIDE.matches;
      this.panes.forEach((pane, index) => {
        if (tabbed) {
          pane.setAttribute("role", "tabpanel");
          pane.setAttribute("aria-labelledby", this.tabs[index].id);
        } else {
          pane.removeAttribute("role");
          pane.removeAttribute("aria-labelledby");
        }
      });
      if (!tabbed) this.follow();
    }

    show(view) {
      this.root.dataset.view = view;
      this.tabs.forEach((tab) => {
        const selected = tab.dataset.show === view;
        tab.setAttribute("aria-selected", String(selected));
        tab.tabIndex = selected ? 0 : -1;
      });
      if (view === "preview") {
        this.refresh().then(() => this.follow());
      }
    }

    toggleFullscreen() {
      const on = !this.root.classList.contains("is-fullscreen");
      const hadFocus = document.activeElement === this.editor;
      const { selectionStart, selectionEnd, scrollTop } = this.editor;
      this.root.classList.toggle("is-fullscreen", on);
      document.documentElement.classList.toggle("writing-room-fullscreen", on);
      this.fullscreenButton.setAttribute("aria-pressed", String(on));
      this.fullscreenButton.textContent = on ? "Quitter le plein écran" : "Plein écran";
      // The caret and the text's scroll stay where they were; typing goes on in full screen,
      // and leaving it gives the focus back to the text if it was there.
      if (on || hadFocus) {
        this.editor.focus({ preventScroll: true });
        this.editor.setSelectionRange(selectionStart, selectionEnd);
        this.editor.scrollTop = scrollTop;
      } else {
        this.fullscreenButton.focus();
      }
      if (!on) this.root.scrollIntoView({ block: "nearest" });
      this.follow();
    }

    /* Typing in a field half out of the window brings the text and its preview into view
     * (their height leaves room for both). */
    keepInView() {
      if (this.root.classList.contains("is-fullscreen")) return;
      const panes = this.root.querySelector(".writing-room__panes").getBoundingClientRect();
      if (panes.top < 0 || panes.bottom > window.innerHeight) {
        this.root.querySelector(".writing-room__panes").scrollIntoView({ block: "nearest" });
      }
    }

    whenVisible(callback) {
      if (!("IntersectionObserver" in window)) return callback();
      const observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          observer.disconnect();
          callback();
        }
      });
      observer.observe(this.root);
    }

    schedule() {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.refresh(), this.latency);
    }

    refresh() {
      const text = this.editor.value;
      if (text === this.rendered) return Promise.resolve();
      const number = ++this.request;
      this.root.setAttribute("aria-busy", "true");
      return post(this.previewUrl, { content: text })
        .then((response) => {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then((html) => {
          if (number !== this.request) return; // a newer text is on its way
          this.preview.innerHTML = html;
          this.rendered = text;
          this.section = null;
          this.follow();
        })
        .catch(() => {
          if (number === this.request) {
            this.say("L'aperçu n'a pas pu être mis à jour (connexion ?). Le texte, lui, est intact.", true);
          }
        })
        .finally(() => {
          if (number === this.request) this.root.removeAttribute("aria-busy");
        });
    }

    /* The preview scrolls to where the caret is: the heading of its section, then as far into
     * the section as the caret is into its lines. */
    follow() {
      if (!this.preview.clientHeight) return; // hidden behind the « Rédiger » tab
      const text = this.editor.value;
      const caretLine = text.slice(0, this.editor.selectionStart).split("\n").length - 1;
      const lineCount = text.split("\n").length;
      const headings = headingsOf(text);
      let index = -1;
      headings.forEach((heading, i) => {
        if (heading.line <= caretLine) index = i;
      });
      const rendered = Array.from(this.preview.querySelectorAll("h1, h2, h3, h4, h5, h6"));
      const target = (i) => {
        if (i < 0 || i >= headings.length) return null;
        // The i-th heading of the text, recognised by its words; by its rank otherwise.
        const key = headings[i].key;
        const rank = headings.slice(0, i + 1).filter((h) => h.key === key).length;
        const same = rendered.filter((h) => comparable(h.textContent.replace(/#$/, "")) === key);
        return same[rank - 1] || rendered[i] || null;
      };
      const top = (element) =>
        element.getBoundingClientRect().top -
        this.preview.getBoundingClientRect().top +
        this.preview.scrollTop;
      const start = index < 0 ? null : target(index);
      const end = target(index + 1);
      const startTop = start ? top(start) : 0;
      const endTop = end ? top(end) : this.preview.scrollHeight;
      const startLine = index < 0 ? 0 : headings[index].line;
      const endLine = index + 1 < headings.length ? headings[index + 1].line : lineCount;
      const fraction = endLine > startLine ? (caretLine - startLine) / (endLine - startLine) : 0;
      const wanted = Math.max(
        startTop - 8,
        startTop + fraction * (endTop - startTop) - this.preview.clientHeight * 0.3
      );
      this.section = index;
      if (Math.abs(this.preview.scrollTop - wanted) > 4) this.preview.scrollTop = wanted;
    }

    say(message, error) {
      this.status.textContent = message;
      this.status.classList.toggle("errornote", Boolean(error));
    }

    onFiles(event, transfer) {
      // Text copied from a word processor or a spreadsheet comes with a picture of itself:
      // the text is what the editor meant to paste.
      if (event.type === "paste" && transfer && transfer.getData("text/plain").trim()) return;
      const files = transfer ? Array.from(transfer.files || []) : [];
      const images = files.filter((file) => !file.type || file.type.startsWith("image/"));
      if (!images.length) {
        if (files.length) event.preventDefault(); // a PDF dropped is not opened in place of the page
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      this.insertImages(images);
    }

    async insertImages(files) {
      for (const file of files) {
        const selection = [this.editor.selectionStart, this.editor.selectionEnd];
        const alt = await altDialog.ask(file);
        this.editor.focus({ preventScroll: true });
        this.editor.setSelectionRange(...selection);
        if (alt === null) {
          this.say(`Image « ${file.name || "collée"} » non insérée.`);
          continue;
        }
        await this.upload(file, alt, selection);
      }
    }

    async upload(file, alt, [start, end]) {
      this.say(`Envoi de l'image « ${file.name || "collée"} »…`);
      this.root.setAttribute("aria-busy", "true");
      this.editor.classList.add("is-uploading");
      try {
        const response = await post(this.uploadUrl, { image: file, alt: alt });
        const answer = await response.json().catch(() => ({}));
        if (!response.ok || !answer.image_code) {
          this.say(answer.error || "L'image n'a pas pu être envoyée. Réessayez.", true);
          return;
        }
        const value = this.editor.value;
        const before = value.slice(0, start);
        const after = value.slice(end);
        // The image on a line of its own, so that it renders as a figure.
        const lead = !before || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
        const tail = !after || after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
        this.editor.setRangeText(lead + answer.image_code + tail, start, end, "end");
        this.editor.dispatchEvent(new Event("input", { bubbles: true }));
        this.say(
          alt
            ? "Image insérée."
            : "Image insérée sans texte alternatif : complétez-le dans « Images » avant de publier.",
          !alt
        );
      } catch (error) {
        this.say("L'image n'a pas pu être envoyée (connexion ?). Réessayez.", true);
      } finally {
        this.root.removeAttribute("aria-busy");
        this.editor.classList.remove("is-uploading");
      }
    }
  }

  function hasFiles(transfer) {
    return Boolean(transfer && Array.from(transfer.types || []).includes("Files"));
  }

  const started = new WeakSet();

  function start(scope) {
    const roots = scope.matches && scope.matches(".writing-room") ? [scope] : [];
    roots.push(...(scope.querySelectorAll ? scope.querySelectorAll(".writing-room") : []));
    roots.forEach((root) => {
      const editor = root.querySelector("textarea");
      // An inline's template row (« __prefix__ ») is copied when a row is added: left alone.
      if (started.has(root) || !editor || editor.name.includes("__prefix__")) return;
      if (root.closest(".empty-form")) return;
      started.add(root);
      new WritingRoom(root);
    });
  }

  /* --- The search result and the shared card, as the article form stands ------------------ */

  const SHARED_FIELDS = ["title", "slug", "description", "excerpt", "hero_image", "hero_image_url", "hero_image_alt"];

  function startSharePreview() {
    const preview = document.querySelector(".share-preview");
    const form = preview && preview.closest("form");
    if (!form) return;
    const container = preview.parentElement;
    let timer = null;
    let request = 0;
    const update = () => {
      const data = {};
      SHARED_FIELDS.forEach((name) => {
        const field = form.elements.namedItem(name);
        data[name] = field && "value" in field ? field.value : "";
      });
      const number = ++request;
      post(preview.dataset.url, data)
        .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
        .then((html) => {
          if (number !== request) return;
          const current = container.querySelector(".share-preview");
          const template = document.createElement("template");
          template.innerHTML = html.trim();
          current.replaceWith(template.content);
          fitTitle(container.querySelector(".share-preview"));
        })
        .catch(() => {});
    };
    const changed = (event) => {
      const name = event.target && event.target.name;
      if (!SHARED_FIELDS.includes(name)) return;
      clearTimeout(timer);
      timer = setTimeout(update, 250);
    };
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    // The admin's autocomplete (select2) announces a choice through jQuery only.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(form).on("change", "select", changed);
    }
    fitTitle(preview);
  }

  /* Google cuts a title near 580 px of 20 px Arial, whatever the width of this column: the
   * shown title is measured, cut at a word and marked « … » as the result page would. */
  function fitTitle(preview) {
    const title = preview && preview.querySelector(".serp__title");
    if (!title) return;
    const limit = parseInt(preview.dataset.titleMaxPx, 10) || 580;
    const context = document.createElement("canvas").getContext("2d");
    context.font = "20px Arial, Helvetica, sans-serif";
    const full = title.dataset.full;
    const width = Math.round(context.measureText(full).width);
    let shown = full;
    if (width > limit) {
      const words = full.split(" ");
      while (words.length > 1 && context.measureText(`${words.join(" ")} …`).width > limit) {
        words.pop();
      }
      shown = `${words.join(" ")} …`;
    }
    title.textContent = shown;
    const pixels = preview.querySelector(".share-count__px");
    if (pixels) pixels.textContent = `Largeur : ${width} px sur ${limit} affichés.`;
  }

  function boot() {
    start(document);
    startSharePreview();
    // Rows added later (« Ajouter un autre rôle », nested inlines…): started as they appear.
    new MutationObserver((mutations) => {
      mutations.forEach((mutation) =>
        mutation.addedNodes.forEach((node) => {
          if (node.nodeType === 1) start(node);
        })
      );
    }).observe(document.body, { childList: true, subtree: true });
    // A file dropped beside an editor must not replace the page (and the unsaved text).
    ["dragover", "drop"].forEach((type) =>
      document.addEventListener(type, (event) => {
        const target = event.target;
        if (hasFiles(event.dataTransfer) && !(target instanceof HTMLInputElement && target.type === "file")) {
          event.preventDefault();
        }
      })
    );
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})();
