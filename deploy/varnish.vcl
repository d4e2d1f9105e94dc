# Varnish 7 in front of the blog (Debian: apt-get install varnish varnish-modules).
#
#   varnishd -a :80 -f /etc/varnish/varnish.vcl -s malloc,256m
#   app: HTTP_CACHE_PURGE_URLS=http://127.0.0.1:80/  (see docs/shared-cache.md)
#
# What it does:
# - caches only what the app marks shareable (`s-maxage` in Cache-Control), for that long, and
#   never past `X-Cache-Until` (the next scheduled publication); serves a stale copy only
#   within `stale-while-revalidate`;
# - never caches a private, no-store or Set-Cookie answer, nor an answer to a request that
#   carries a session (an editor), the admin, a preview or a share link;
# - strips tracking parameters (utm_*, fbclid, gclid…) and sorts the rest: a campaign's links
#   share one object, as they share one page in the app's own cache;
# - `PURGE` with an `xkey: key1 key2…` header from an allowed address removes every object
#   carrying one of those keys (vmod xkey, hard purge: nothing stale is served after it).
#
# The app's address, its admin prefix (ADMIN_URL) and session cookie (SESSION_COOKIE_NAME) are
# the defaults below; change them here if yours differ.

vcl 4.1;

import std;
import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .first_byte_timeout = 30s;
}

# Who may purge: the app servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purge not allowed from this address"));
        }
        if (req.http.xkey) {
            set req.http.X-Purged = xkey.purge(req.http.xkey);
            return (synth(200, "Purged " + req.http.X-Purged + " objects"));
        }
        return (purge);  # no key: the object of this address
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Editors: the admin, previews and share links, any request carrying a session or
    # credentials. The app answers them private/no-store anyway.
    if (req.url ~ "^/admin" || req.url ~ "/apercu/") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # A reader: no cookie matters (analytics, consent…); the app's pages vary on Cookie.
    unset req.http.Cookie;
    # Tracking parameters change nothing on a page: one object for every campaign link.
    if (req.url ~ "\?") {
        set req.url = regsuball(req.url,
            "(?i)(?<=[?&])(utm_[^&=]*|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|yclid|twclid|ttclid|li_fat_id|mkt_tok|_hsenc|_hsmi|ref|ref_src)(=[^&]*)?(&|$)",
            "");
        set req.url = regsub(req.url, "[?&]+$", "");
        set req.url = std.querysort(req.url);
    }
    return (hash);
}

sub vcl_hash {
    # Absolute links follow the scheme behind a TLS terminator.
    if (req.http.X-Forwarded-Proto) {
        hash_data(req.http.X-Forwarded-Proto);
    }
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    # Only what the app marks shareable; never a private answer or one setting a cookie.
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)"
        || beresp.http.Cache-Control !~ "(?i)(s-maxage|max-age=[1-9])"
        || beresp.status >= 500) {
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;  # hit-for-miss: the next requests go to the app, uncached
        return (deliver);
    }
    # Stale copies only within stale-while-revalidate (Varnish's default grace is 10 s).
    if (beresp.http.Cache-Control ~ "(?i)stale-while-revalidate=[0-9]+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, "(?i)^.*stale-while-revalidate=([0-9]+).*$", "\1s"),
            0s);
    } else {
        set beresp.grace = 0s;
    }
    set beresp.keep = 0s;
    # Never past the next scheduled publication or unpublication.
    if (beresp.http.X-Cache-Until) {
        if (std.time(beresp.http.X-Cache-Until, now) - now < beresp.ttl) {
            set beresp.ttl = std.time(beresp.http.X-Cache-Until, now) - now;
            set beresp.grace = 0s;
        }
    }
    return (deliver);
}

sub vcl_deliver {
    # The keys and the deadline are for caches; readers get neither.
    unset resp.http.xkey;
    unset resp.http.X-Cache-Until;
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "HIT";
    } else {
        set resp.http.X-Varnish-Cache = "MISS";
    }
}
