//! The same seed gives the same bytes; another seed gives other data.

mod common;

use common::{generate, manifest, release, small};

#[test]
fn every_source_is_byte_identical_across_runs() {
    let manifest = manifest();
    for source in &manifest.sources {
        let a = generate(source, 2024, &small(7));
        let b = generate(source, 2024, &small(7));
        assert!(a == b, "{} differs between two runs", source.id);
    }
}

#[test]
fn another_seed_gives_other_data() {
    let manifest = manifest();
    for id in [
        "ekb_register",
        "kommunenkat",
        "brukar_ifo",
        "barn_placeringar",
        "lss_beslut",
        "sabo_vistelser",
        "utredningar",
    ] {
        let source = manifest.source(id).expect("declared");
        assert_ne!(
            generate(source, 2024, &small(1)),
            generate(source, 2024, &small(2)),
            "{id}"
        );
    }
}

#[test]
fn a_file_does_not_depend_on_the_others_written_with_it() {
    // Each file has its own stream, so writing the whole release (in parallel) gives the same
    // bytes as generating one file alone.
    let manifest = manifest();
    let release = release(&manifest, &[2023, 2024]);
    let dir = tempdir("whole");
    let summary =
        jamfor_synth::write_release(&manifest, &release, &small(3), &dir).expect("written");
    assert_eq!(summary.files.len(), 2 * release.inputs.len());
    // Also the registers that follow persons over the years: the 2023 file is the same whether
    // or not 2024 was simulated beside it.
    for id in [
        "hemtjanst_register",
        "ekb_register",
        "sabo_vistelser",
        "utredningar",
    ] {
        let source = manifest.source(id).expect("declared");
        let alone = generate(source, 2023, &small(3));
        let written = std::fs::read(dir.join(format!("{id}_2023.csv"))).expect("file");
        assert!(alone == written, "{id}");
    }
    let again = tempdir("again");
    jamfor_synth::write_release(&manifest, &release, &small(3), &again).expect("written");
    for f in &summary.files {
        let name = f.path.file_name().expect("name");
        assert!(std::fs::read(&f.path).ok() == std::fs::read(again.join(name)).ok());
    }
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&again);
}

#[test]
fn every_year_a_release_has_inputs_for_is_written() {
    // A release computing 2024's "not back within twelve months" reads the 2023 register too.
    let manifest = manifest();
    let mut release = release(&manifest, &[2024]);
    release
        .inputs
        .get_mut("ekb_register")
        .expect("an input")
        .insert(2023, "data/default/ekb_register_2023.csv".into());
    let dir = tempdir("inputs");
    let summary =
        jamfor_synth::write_release(&manifest, &release, &small(3), &dir).expect("written");
    assert_eq!(summary.files.len(), release.inputs.len() + 1);
    assert!(dir.join("ekb_register_2023.csv").exists());
    assert!(dir.join("ekb_register_2024.csv").exists());
    assert!(!dir.join("hemtjanst_register_2023.csv").exists());
    let source = manifest.source("ekb_register").expect("declared");
    let written = std::fs::read(dir.join("ekb_register_2023.csv")).expect("file");
    assert!(written == generate(source, 2023, &small(3)));
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("jamfor-synth-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}
