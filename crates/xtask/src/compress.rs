//! Precompression: `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip, level 9) beside
//! every file of a folder that a browser fetches (`.js`, `.mjs`, `.wasm`, `.css`, `.html`,
//! `.svg`, `.json`), for `baton-server --static` to serve by `Accept-Encoding` without
//! compressing anything per request.
//!
//! One `node` process compresses every file (its zlib has both codecs; this crate stays
//! std-only), on libuv's thread pool. The output is deterministic (node's gzip header has no
//! time or name). Every variant is written afresh, so it is never older than its file: the
//! server sends the file itself, not a variant, when the variant is older (a build that
//! stopped half way). A variant that would not be smaller than its file is not written (the
//! server then answers the file itself), and a `.br` / `.gz` of a compressible name whose
//! file is gone is removed: the server would otherwise still answer it.

use std::path::{Path, PathBuf};

use crate::cmd::Cmd;
use crate::error::Error;

/// The extensions of the files a browser fetches, which get precompressed variants.
const COMPRESSIBLE: &[&str] = &["js", "mjs", "wasm", "css", "html", "svg", "json"];

/// The extensions of the variants, in the order the server prefers them.
const VARIANTS: &[&str] = &["br", "gz"];

/// Writes the variants of every compressible file under `dir` (recursively) and removes
/// orphaned ones. `skip` leaves the files (and variants) whose path it accepts untouched.
pub fn precompress(root: &Path, dir: &Path, skip: &dyn Fn(&Path) -> bool) -> Result<(), Error> {
    let (files, orphans) = plan(dir)?;
    for orphan in orphans.iter().filter(|path| !skip(path)) {
        std::fs::remove_file(orphan)
            .map_err(|e| Error::io(format!("removing {}", orphan.display()), e))?;
    }
    let files: Vec<PathBuf> = files.into_iter().filter(|path| !skip(path)).collect();
    if files.is_empty() {
        return Ok(());
    }
    // Prints `<raw> <brotli> <gzip>` summed over the files (a variant not written counts as
    // the file's own size, which is what the server then sends).
    const SCRIPT: &str = "const z=require('zlib'),fs=require('fs'),{promisify:p}=require('util');\
        const br=p(z.brotliCompress),gz=p(z.gzip);\
        function put(f,b,raw){if(b.length>=raw){fs.rmSync(f,{force:true});return raw}\
        fs.writeFileSync(f,b);return b.length}\
        (async()=>{const t=[0,0,0];\
        await Promise.all(process.argv.slice(1).map(async f=>{const b=fs.readFileSync(f);\
        const [x,y]=await Promise.all([br(b,{params:{[z.constants.BROTLI_PARAM_QUALITY]:11,\
        [z.constants.BROTLI_PARAM_SIZE_HINT]:b.length}}),gz(b,{level:9})]);\
        t[0]+=b.length;t[1]+=put(f+'.br',x,b.length);t[2]+=put(f+'.gz',y,b.length)}));\
        console.log(t.join(' '))})().catch(e=>{console.error(e);process.exit(1)})";
    let output = Cmd::new("node")
        .args(["-e", SCRIPT])
        .args(files.iter().map(|f| f.display().to_string()))
        .dir(root)
        .read_stdout()?;
    let sizes: Vec<u64> = output
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    match sizes[..] {
        [raw, brotli, gzip] => {
            println!(
                "==> precompressed {} files in {}: {raw} B, {brotli} B brotli, {gzip} B gzip",
                files.len(),
                dir.display()
            );
            Ok(())
        }
        _ => Err(Error::Setup(format!(
            "node printed no sizes after compressing: {output:?}"
        ))),
    }
}

/// The compressible files under `dir` and the variants whose file is gone, each sorted.
fn plan(dir: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>), Error> {
    let (mut files, mut orphans) = (Vec::new(), Vec::new());
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir)
            .map_err(|e| Error::io(format!("reading {}", dir.display()), e))?;
        for entry in entries {
            let path = entry
                .map_err(|e| Error::io(format!("reading {}", dir.display()), e))?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else if compressible(&path) {
                files.push(path);
            } else if let Some(file) = variant_of(&path)
                && !file.is_file()
            {
                orphans.push(path);
            }
        }
    }
    files.sort();
    orphans.sort();
    Ok((files, orphans))
}

/// Whether `path` names a file a browser fetches, which gets variants.
fn compressible(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| COMPRESSIBLE.contains(&extension))
}

/// The file `path` is a variant of (`x.js` for `x.js.br`), if it names one: a variant's
/// extension after a compressible name. Other `.gz` files (an archive) are not variants.
fn variant_of(path: &Path) -> Option<PathBuf> {
    let extension = path.extension()?.to_str()?;
    if !VARIANTS.contains(&extension) {
        return None;
    }
    let file = path.with_extension("");
    compressible(&file).then_some(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_a_browser_fetches_is_compressible() {
        for name in [
            "a.js",
            "a.mjs",
            "dist/visitor/baton_visitor_bg.wasm",
            "styles.css",
            "index.html",
            "favicon.svg",
            "package.json",
        ] {
            assert!(compressible(Path::new(name)), "{name}");
        }
        for name in [
            "visitor.d.ts",
            "README.md",
            "a.js.br",
            "a.js.gz",
            "LICENSE",
            "js",
            "photo.png",
        ] {
            assert!(!compressible(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn a_variant_is_a_br_or_gz_after_a_compressible_name() {
        assert_eq!(
            variant_of(Path::new("dist/a_bg.wasm.br")),
            Some(PathBuf::from("dist/a_bg.wasm"))
        );
        assert_eq!(
            variant_of(Path::new("a.js.gz")),
            Some(PathBuf::from("a.js"))
        );
        assert_eq!(variant_of(Path::new("backup.tar.gz")), None);
        assert_eq!(variant_of(Path::new("notes.br")), None);
        assert_eq!(variant_of(Path::new("a.js")), None);
    }

    #[test]
    fn the_plan_lists_files_and_orphaned_variants_only() {
        let dir = std::env::temp_dir().join(format!("xtask-compress-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let nested = dir.join("dist/visitor");
        std::fs::create_dir_all(&nested).unwrap_or_else(|e| panic!("{e}"));
        for name in [
            "a.js",
            "a.js.br",
            "gone.css.br",
            "gone.css.gz",
            "old.tar.gz",
            "a.d.ts",
            "dist/visitor/x_bg.wasm",
        ] {
            std::fs::write(dir.join(name), name).unwrap_or_else(|e| panic!("{e}"));
        }
        let (files, orphans) = plan(&dir).unwrap_or_else(|e| panic!("{e}"));
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(
            files,
            vec![dir.join("a.js"), dir.join("dist/visitor/x_bg.wasm")]
        );
        assert_eq!(
            orphans,
            vec![dir.join("gone.css.br"), dir.join("gone.css.gz")]
        );
    }
}
