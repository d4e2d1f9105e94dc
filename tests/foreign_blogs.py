"""Small blogs made by other tools, built in a temporary folder: a Hugo page-bundle blog
(English), a Jekyll `_posts` blog (French) and an Astro content collection. Written for these
tests; images are real PNG and JPEG files made with Pillow."""

import io
from pathlib import Path

from PIL import Image

YOUTUBE_ID = "dQw4w9WgXcQ"


def picture(width, height, color, fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format=fmt)
    return buffer.getvalue()


def put(root, name, content):
    path = Path(root) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


def hugo_blog(root):
    """Four posts (three bundles, one flat file) under `content/posts`, a list page, authors in
    `data/authors`, a README beside the configuration."""
    put(root, "hugo.toml", 'baseURL = "https://engineering.example.org/"\ntitle = "Eng"\n'
        '[permalinks]\n  posts = "/blog/:slug/"\n')  # fmt: skip
    put(root, "README.md", "# How to build this site\n\nRun hugo.\n")
    put(root, "data/authors/jdoe.yaml", "name: Jane Doe\nbio: Platform engineer.\n"
        "avatar: /images/jdoe.png\n")  # fmt: skip
    put(root, "static/images/jdoe.png", picture(40, 40, (200, 120, 40)))
    put(root, "content/posts/_index.md", "---\ntitle: Posts\n---\nAll our posts.\n")
    put(root, "content/posts/shared/diagram.png", picture(120, 80, (10, 150, 90)))
    post = "content/posts/kubernetes-upgrade"
    put(
        root,
        f"{post}/index.md",
        f"""---
title: "Upgrading to Kubernetes v1.24"
date: 2022-06-01T09:30:00Z
lastmod: 2022-06-03T10:00:00Z
authors: [jdoe]
feature_image: feature.png
tags: [kubernetes]
categories: [Infrastructure]
aliases:
  - /old/k8s-upgrade/
toc: true
---
We moved two clusters.

![Two virtual machines side by side](vms.png)

The shared diagram:

![Cluster layout](../shared/diagram.png)

{{{{< youtube {YOUTUBE_ID} >}}}}

```go
// {{{{< youtube notconverted >}}}} stays as written in code
```
""",
    )
    put(root, f"{post}/feature.png", picture(160, 90, (30, 60, 200)))
    put(root, f"{post}/vms.png", picture(100, 60, (220, 30, 30)))
    post = "content/posts/ceph-storage"
    put(
        root,
        f"{post}/index.md",
        """+++
title = "Running Ceph at scale"
slug = "ceph-at-scale"
date = 2022-05-10T08:00:00+02:00
tags = ["storage"]
weight = 3
+++
Our storage story.

{{< figure src="rack.jpg" alt="A rack of servers" caption="Our first rack" >}}

{{< notice warning >}}
Mind the disks.
{{< /notice >}}

![Architecture](arch.svg)

![Gone](missing.png)
""",
    )
    put(root, f"{post}/rack.jpg", picture(120, 90, (90, 90, 90), "JPEG"))
    put(root, f"{post}/arch.svg", SVG)
    post = "content/posts/unfinished"
    put(
        root,
        f"{post}/index.md",
        """---
title: Notes in progress
date: 2022-07-01
draft: true
cover:
  image: cover.jpg
  alt: A notebook
toc: false
---
Not ready yet.
""",
    )
    put(root, f"{post}/cover.jpg", picture(120, 90, (250, 250, 200), "JPEG"))
    put(
        root,
        "content/posts/tuning-postgresql.md",
        """---
title: Tuning PostgreSQL
date: 2022-04-02T18:00:00+02:00
authors: [jdoe]
toc: true
---
See [our upgrade]({{< ref "kubernetes-upgrade" >}}).

{{< tweet user="jack" id="20" >}}

{{< highlight sql >}}
SELECT 1;
{{< /highlight >}}
""",
    )
    return Path(root)


def jekyll_blog(root):
    """Two posts and a draft, `_config.yml` with a permalink rule, `_data/authors.yml`, images
    under `assets/` named from the site's root."""
    put(root, "_config.yml", "title: Le carnet\npermalink: /:year/:month/:day/:title.html\n"
        'baseurl: ""\n')  # fmt: skip
    put(root, "_data/authors.yml", "camille:\n  name: Camille Martin\n  bio: Consultante en "
        "opérations.\n")  # fmt: skip
    put(root, "assets/cover.jpg", picture(160, 90, (120, 20, 120), "JPEG"))
    put(root, "assets/schema.png", picture(90, 90, (20, 120, 120)))
    put(
        root,
        "_posts/2022-07-08-premier-billet.md",
        f"""---
layout: post
title: "Premier billet : le début"
date: 2022-07-08 10:00:00 +0200
author: camille
image: /assets/cover.jpg
categories: [devops, cloud]
tags: [kubernetes]
redirect_from:
  - /ancien-billet/
comments: true
---
Bienvenue.

{{% include youtube.html id="{YOUTUBE_ID}" %}}

![Le schéma]({{{{ site.baseurl }}}}/assets/schema.png)

La suite : [second billet]({{% post_url 2022-07-09-second-billet %}}).
""",
    )
    put(
        root,
        "_posts/2022-07-09-second-billet.md",
        """---
layout: post
title: Second billet
author: camille
published: false
categories: devops outils
comments: false
---
{% raw %}Un modèle {{ page.title }} écrit tel quel.{% endraw %}
""",
    )
    put(root, "_drafts/idee.md", "---\ntitle: Une idée\nlayout: post\n---\nÀ écrire.\n")
    return Path(root)


def astro_blog(root):
    """An Astro content collection: a flat post and a folder post, `src/content/authors`."""
    put(root, "astro.config.mjs", "export default {};\n")
    put(root, "src/content/authors/ada.json", '{"name": "Ada Lovelace", "bio": "Writes about '
        'engines.", "avatar": "./ada.png"}')  # fmt: skip
    put(root, "src/content/authors/ada.png", picture(40, 40, (0, 0, 0)))
    put(
        root,
        "src/content/blog/first-post.md",
        """---
title: 'First post'
description: 'Where it starts.'
pubDate: 'Jul 08 2022'
heroImage: './hero.jpg'
author: ada
---
Hello from Astro.
""",
    )
    put(root, "src/content/blog/hero.jpg", picture(160, 90, (5, 100, 5), "JPEG"))
    put(
        root,
        "src/content/blog/second-post/index.md",
        """---
title: 'Second post'
pubDate: '2022-07-15T12:00:00Z'
updatedDate: 'Jul 20 2022'
heroImage: './wide.png'
author: ada
---
![A wide picture](./wide.png)
""",
    )
    put(root, "src/content/blog/second-post/wide.png", picture(200, 60, (40, 40, 140)))
    return Path(root)


def docusaurus_blog(root):
    """Docusaurus' blog plugin: dated file names, `authors.yml` beside the posts."""
    put(root, "docusaurus.config.js", "module.exports = {};\n")
    put(root, "blog/authors.yml", "ada:\n  name: Ada Lovelace\n  title: Engine writer\n"
        "  image_url: https://example.org/ada.png\n")  # fmt: skip
    put(root, "blog/2022-07-08-welcome.md", "---\ntitle: Welcome\nauthors: [ada]\n"
        "tags: [news]\n---\nHello.\n")  # fmt: skip
    put(root, "blog/2022-07-10-other/index.md", "---\ntitle: Another one\nslug: hello-world\n"
        "authors: ada\n---\n![Shot](./shot.png)\n")  # fmt: skip
    put(root, "blog/2022-07-10-other/shot.png", picture(50, 50, (1, 2, 3)))
    put(root, "docs/intro.md", "---\ntitle: Docs, not a post\n---\nRead me.\n")
    return Path(root)
