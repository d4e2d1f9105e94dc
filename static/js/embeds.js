/* Click-to-load players and forms (articles/embeds.py, templates/includes/_embed.html).
 *
 * Each facade is a link to the content on its own site, which works without this script. Here
 * it becomes a button that loads the player's frame in place: nothing is requested from the
 * third party, and no cookie is set, before the reader asks for it.
 *
 * A frame is loaded only from an origin the script tag lists (data-frame-hosts, written by the
 * server from the same list as the Content-Security-Policy's frame-src): the HTML of an article
 * can carry data-embed-src, the script tag cannot be written by an article.
 */
(function () {
  "use strict";

  var script = document.currentScript || document.querySelector("script[data-frame-hosts]");
  var origins = ((script && script.getAttribute("data-frame-hosts")) || "").split(/\s+/);

  // What the button says and how the frame is named, per kind of facade.
  var KINDS = {
    youtube: {
      action: "Lancer la vidéo",
      frame: "Vidéo YouTube",
      allow: "autoplay; encrypted-media; picture-in-picture; fullscreen; web-share",
      fullscreen: true,
    },
    podcast: { action: "Écouter l'épisode", frame: "Lecteur de podcast Ausha", allow: "autoplay" },
    tweet: { action: "Afficher la publication", frame: "Publication X", allow: "" },
    form: { action: "Afficher le formulaire", frame: "Formulaire HubSpot", allow: "" },
  };

  function allowedSource(value) {
    var url;
    try {
      url = new URL(value);
    } catch (error) {
      return null;
    }
    return url.protocol === "https:" && origins.indexOf(url.origin) !== -1 ? url.href : null;
  }

  function quoted(title) {
    return title ? " «\u202f" + title + "\u202f»" : "";
  }

  function enhance(figure) {
    var kind = KINDS[figure.getAttribute("data-embed")];
    var source = kind && allowedSource(figure.getAttribute("data-embed-src") || "");
    var link = figure.querySelector(".embed__link");
    if (!source || !link) {
      return; // the link (or the notice of an unavailable form) stays as it is
    }
    var title = figure.getAttribute("data-embed-title") || "";

    var button = document.createElement("button");
    button.type = "button";
    button.className = "embed__button";
    var icon = link.querySelector(".embed__icon");
    if (icon) {
      button.appendChild(icon.cloneNode(true));
    }
    var text = document.createElement("span");
    text.className = "embed__text";
    text.textContent = kind.action + quoted(title);
    button.appendChild(text);

    // The content on its own site stays one click away, beside the notice.
    var notice = figure.querySelector(".embed__notice");
    var host = link.querySelector(".embed__host");
    if (notice && link.href) {
      var away = document.createElement("a");
      away.className = "embed__away";
      away.href = link.href;
      away.rel = "noopener";
      away.textContent = "Ouvrir sur " + (host ? host.textContent.trim() : new URL(link.href).host);
      notice.appendChild(document.createTextNode(" "));
      notice.appendChild(away);
    }

    link.replaceWith(button);
    figure.classList.add("embed--ready");
    button.addEventListener("click", function () {
      load(figure, button, kind, source, title);
    });
  }

  function load(figure, button, kind, source, title) {
    var frame = document.createElement("iframe");
    frame.className = "embed__frame";
    frame.title = kind.frame + quoted(title);
    if (kind.allow) {
      frame.setAttribute("allow", kind.allow);
    }
    if (kind.fullscreen) {
      frame.setAttribute("allowfullscreen", "");
    }
    // The reader asked for it: no reason to wait. YouTube refuses to play without a referrer.
    frame.loading = "eager";
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.src = source;
    button.replaceWith(frame);
    figure.classList.add("embed--loaded");
    // Keyboard and screen reader users carry on inside the player they started.
    frame.focus();
  }

  // A post's frame tells its height (X's embed sends `twttr.private.resize`): the frame takes
  // it, instead of a fixed box that cuts the post or leaves a gap. Only our own frames, only
  // from the origin they were loaded from.
  window.addEventListener("message", function (event) {
    var frames = document.querySelectorAll(".embed--tweet .embed__frame");
    for (var i = 0; i < frames.length; i += 1) {
      var frame = frames[i];
      if (frame.contentWindow !== event.source || new URL(frame.src).origin !== event.origin) {
        continue;
      }
      var data = event.data;
      if (typeof data === "string") {
        try {
          data = JSON.parse(data);
        } catch (error) {
          return;
        }
      }
      var embed = data && data["twttr.embed"];
      var params = embed && embed.method === "twttr.private.resize" && embed.params;
      var height = params && params[0] && Number(params[0].height);
      if (height > 0 && height < 5000) {
        frame.style.height = Math.ceil(height) + "px";
      }
      return;
    }
  });

  var figures = document.querySelectorAll("figure[data-embed]");
  for (var i = 0; i < figures.length; i += 1) {
    enhance(figures[i]);
  }
})();
