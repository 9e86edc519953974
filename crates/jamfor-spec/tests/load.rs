//! Definition files that cannot be read: every error names the file (and, for text that is not
//! UTF-8, the line), never only the operating system's message.

use std::path::{Path, PathBuf};

fn root(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("jamfor-spec-load")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("sources")).expect("a scratch folder");
    std::fs::write(
        dir.join("sources/a.toml"),
        "[source]\nid = \"a\"\ntitle = \"A\"\n",
    )
    .expect("a definition");
    dir
}

fn error(root: &Path) -> String {
    match jamfor_spec::load(root) {
        Ok(_) => panic!("the definitions under {} were read", root.display()),
        Err(e) => e.to_string(),
    }
}

#[cfg(unix)]
#[test]
fn a_dangling_link_is_named() {
    let dir = root("dangling");
    std::os::unix::fs::symlink(dir.join("gone.toml"), dir.join("sources/b.toml")).expect("a link");
    let e = error(&dir);
    assert!(e.starts_with("sources/b.toml: cannot be read: "), "{e}");
    assert!(e.contains("a link to a file that no longer exists"), "{e}");
}

#[cfg(unix)]
#[test]
fn a_file_without_permission_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let dir = root("permission");
    let file = dir.join("sources/a.toml");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    // Root reads it all the same: nothing to test then.
    if std::fs::read(&file).is_ok() {
        return;
    }
    let e = error(&dir);
    assert!(e.starts_with("sources/a.toml: cannot be read: "), "{e}");
    assert!(e.contains("read access"), "{e}");
}

#[test]
fn text_that_is_not_utf8_is_named_at_its_line() {
    let dir = root("latin1");
    std::fs::write(
        dir.join("sources/b.toml"),
        b"[source]\nid = \"b\"\ntitle = \"Folkm\xe4ngd\"\n",
    )
    .expect("a definition");
    let e = error(&dir);
    assert_eq!(
        e,
        "sources/b.toml:3: not UTF-8 text; save the file as UTF-8"
    );
}
