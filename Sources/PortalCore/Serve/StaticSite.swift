/// What `portal serve` needs to answer a request, as pure functions: which file a request path names (never
/// one outside the site), its content type, and the live-reload script added to pages at serve time only.
public enum StaticSite {
    public enum Resolution: Equatable, Sendable {
        /// A path relative to the site root (no leading `/`); `""` is the root. `isDirectory` when the request
        /// ended in `/`, so the file to send is its `index.html`.
        case path(String, isDirectory: Bool)
        /// Not a path within the site: `..`, an encoded `..`, a NUL, a backslash, bad percent-encoding.
        case rejected(String)
    }

    /// Resolves the request target as sent (before any normalization: `/../etc/passwd` must be refused,
    /// not quietly turned into `/etc/passwd`). Percent-decoding happens once, and components are checked
    /// after it, so `%2e%2e`, `%2E%2E%2F` and `..%2f` are refused too.
    public static func resolve(target: String) -> Resolution {
        var raw = Substring(target)
        if let q = raw.firstIndex(where: { $0 == "?" || $0 == "#" }) { raw = raw[..<q] }
        guard raw.hasPrefix("/") else { return .rejected("路径须以 / 开头") }
        guard let decoded = percentDecoded(raw) else { return .rejected("百分号编码无效") }
        if decoded.contains("\0") { return .rejected("路径含 NUL") }
        if decoded.contains("\\") { return .rejected("路径含反斜杠") }
        let parts = decoded.split(separator: "/", omittingEmptySubsequences: true)
        if parts.contains(where: { $0 == ".." || $0 == "." }) { return .rejected("路径含 . 或 ..") }
        // A component starting with a dot names a hidden file (the staging folders, .gitkeep): never served.
        if parts.contains(where: { $0.hasPrefix(".") }) { return .rejected("隐藏文件") }
        let relative = parts.joined(separator: "/")
        return .path(relative, isDirectory: decoded.hasSuffix("/") || relative.isEmpty)
    }

    /// `%xx` decoded once, as UTF-8; nil when a `%` is not followed by two hex digits or the bytes are not UTF-8.
    static func percentDecoded(_ s: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%") {
                guard let h = it.popFirst(), let l = it.popFirst(), let hi = hex(h), let lo = hex(l) else { return nil }
                bytes.append(hi << 4 | lo)
            } else {
                bytes.append(b)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The Content-Type for a file, by its extension; text types say UTF-8 (the site is all UTF-8).
    public static func contentType(forPath path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let ext = name.split(separator: ".").count > 1 ? String(name.split(separator: ".").last!).lowercased() : ""
        switch ext {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json; charset=utf-8"
        case "csv": return "text/csv; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "xml": return "application/xml; charset=utf-8"
        case "txt", "md": return "text/plain; charset=utf-8"
        case "docx": return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "pdf": return "application/pdf"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "ico": return "image/x-icon"
        case "wasm": return "application/wasm"
        case "woff2": return "font/woff2"
        default: return "application/octet-stream"
        }
    }

    public static func isHTML(_ path: String) -> Bool { contentType(forPath: path).hasPrefix("text/html") }

    // MARK: Live reload (serve mode only; the built files never contain it)

    public static let reloadScriptPath = "/__portal/reload.js"
    public static let versionPath = "/__portal/version"

    /// Adds the reload script to a page being served, before its last `</body>` (or at its end), with the
    /// build version the page comes from, so a rebuild between loading and the first poll is not missed.
    public static func injectingReload(into html: [UInt8], version: Int) -> [UInt8] {
        let tag = Array("<script src=\"\(reloadScriptPath)\" data-portal-version=\"\(version)\"></script>".utf8)
        let close = Array("</body>".utf8)
        if let at = lastIndex(of: close, in: html, caseInsensitive: true) {
            return Array(html[..<at]) + tag + Array(html[at...])
        }
        return html + tag
    }

    static func lastIndex(of needle: [UInt8], in hay: [UInt8], caseInsensitive: Bool) -> Int? {
        guard hay.count >= needle.count else { return nil }
        func lower(_ b: UInt8) -> UInt8 { caseInsensitive && b >= 65 && b <= 90 ? b + 32 : b }
        var i = hay.count - needle.count
        while i >= 0 {
            var j = 0
            while j < needle.count && lower(hay[i + j]) == needle[j] { j += 1 }
            if j == needle.count { return i }
            i -= 1
        }
        return nil
    }

    /// Polls the version endpoint and reloads when a new build is served; shows a failed build's error.
    public static let reloadScript = """
    (function () {
      var me = document.currentScript;
      var seen = me && me.dataset.portalVersion ? Number(me.dataset.portalVersion) : null;
      var banner = null;
      function show(error) {
        if (!error) { if (banner) { banner.remove(); banner = null; } return; }
        if (!banner) {
          banner = document.createElement('div');
          banner.setAttribute('role', 'alert');
          banner.style.cssText = 'position:fixed;left:0;right:0;bottom:0;z-index:99999;padding:.75em 1em;background:#7a0000;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap;max-height:40vh;overflow:auto';
          document.body.appendChild(banner);
        }
        banner.textContent = 'portal serve: 重新构建失败，仍显示上一次成功构建的站点\\n' + error;
      }
      function poll() {
        fetch('\(versionPath)', { cache: 'no-store' })
          .then(function (r) { return r.json(); })
          .then(function (s) {
            if (seen === null) { seen = s.version; }
            else if (s.version !== seen) { location.reload(); return; }
            show(s.error);
            setTimeout(poll, 500);
          })
          .catch(function () { setTimeout(poll, 2000); });
      }
      poll();
    })();

    """
}
