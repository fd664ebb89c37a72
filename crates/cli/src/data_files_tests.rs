use std::io::Cursor;

use super::*;
use nda_core::data::BuiltinSpec;
use nda_core::experiment::GanSection;

/// A 40×30 PNG of one colour.
fn png(red: u8) -> Vec<u8> {
    let image = image::RgbImage::from_pixel(40, 30, image::Rgb([red, 20, 200]));
    let mut bytes = Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, image::ImageFormat::Png)
        .expect("png");
    bytes.into_inner()
}

/// `pets/` with two classes, clutter, a text file and a file over the limit, in a new folder.
fn pets_folder(tag: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("nda-lab-data-{tag}-{}", std::process::id()));
    let pets = root.join("pets");
    for (path, bytes) in [
        ("dogs/c.png", png(30)),
        ("cats/b.png", png(20)),
        ("cats/a.png", png(10)),
        ("cats/.DS_Store", b"clutter".to_vec()),
        ("notes.txt", b"not an image".to_vec()),
        ("dogs/huge.png", vec![0x89; 5000]),
    ] {
        let file = pets.join(path);
        fs::create_dir_all(file.parent().expect("parent")).expect("folder");
        fs::write(file, bytes).expect("write");
    }
    root
}

fn small_limits() -> UploadLimits {
    UploadLimits {
        max_file_bytes: 4000,
        ..UploadLimits::default()
    }
}

#[test]
fn a_folder_gives_the_pages_images_labels_refusals_and_fingerprint() {
    let root = pets_folder("folder");
    let loaded = load_data(&root.join("pets"), 32, &small_limits()).expect("loads");
    assert_eq!(loaded.images.len(), 3);
    assert_eq!(loaded.images.class_names(), ["cats", "dogs"]);
    assert_eq!(loaded.num_skipped, 1, ".DS_Store");
    let refused: Vec<&str> = loaded.rejected.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(refused, ["pets/dogs/huge.png", "pets/notes.txt"]);
    assert!(matches!(
        loaded.rejected[0].reason,
        RejectReason::FileTooLarge { bytes: 5000, .. }
    ));
    let summary = loaded.summary(Path::new("pets"));
    assert!(summary.starts_with("data: 3 images added from pets (2 classes: cats, dogs; 0 unlabelled); 2 files refused; 1 file skipped as system clutter"));
    assert!(summary.contains("\n  refused pets/notes.txt: this is not an image file"));
    // The page, given the same folder: files named with the folder, in path order.
    let page = decode_uploads(
        vec![
            UploadFile {
                name: "pets/cats/a.png".into(),
                bytes: png(10),
            },
            UploadFile {
                name: "pets/cats/b.png".into(),
                bytes: png(20),
            },
            UploadFile {
                name: "pets/dogs/c.png".into(),
                bytes: png(30),
            },
        ],
        32,
        &UploadLimits::default(),
        None,
    )
    .expect("decodes");
    assert_eq!(loaded.images.fingerprint(), page.images.fingerprint());
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn small_batches_give_the_same_images_as_one() {
    let root = pets_folder("batches");
    let whole = load_data(&root.join("pets"), 32, &UploadLimits::default()).expect("loads");
    let mut one_by_one = ImageSet::new(32, Vec::new());
    let mut rejected = Vec::new();
    for name in [
        "cats/a.png",
        "cats/b.png",
        "dogs/c.png",
        "dogs/huge.png",
        "notes.txt",
    ] {
        let bytes = fs::read(root.join("pets").join(name)).expect("read");
        let file = UploadFile {
            name: format!("pets/{name}"),
            bytes,
        };
        let report = decode_uploads(vec![file], 32, &UploadLimits::default(), Some(one_by_one))
            .expect("decodes");
        one_by_one = report.images;
        rejected.extend(report.rejected);
    }
    assert_eq!(whole.images, one_by_one);
    assert_eq!(whole.rejected, rejected);
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn a_folder_without_images_says_so_and_lists_why() {
    let root = std::env::temp_dir().join(format!("nda-lab-data-empty-{}", std::process::id()));
    fs::create_dir_all(&root).expect("folder");
    fs::write(root.join("readme.md"), "# hi").expect("write");
    let error = load_data(&root, 32, &UploadLimits::default()).expect_err("nothing usable");
    assert!(error.starts_with("no usable image in"), "{error}");
    assert!(
        error.contains("readme.md: this is not an image file"),
        "{error}"
    );
    assert!(load_data(&root.join("missing"), 32, &UploadLimits::default()).is_err());
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn the_experiment_records_the_images_it_trained_on() {
    let root = pets_folder("experiment");
    let mut config = ExperimentConfig {
        gan: GanSection {
            conditional: true,
            ..GanSection::default()
        },
        ..ExperimentConfig::default()
    };
    let images = experiment_images(&mut config, Some(&root.join("pets"))).expect("loads");
    assert_eq!(
        config.dataset,
        DatasetChoice::Uploaded {
            fingerprint: images.fingerprint(),
            images: 3,
            size: 32
        }
    );
    assert_eq!(
        config.gan.config.num_classes,
        Some(2),
        "conditional on the folders"
    );
    let error = experiment_images(&mut config, None).expect_err("needs the files");
    assert!(error.contains("give them with --data PATH"), "{error}");
    let mut builtin = ExperimentConfig {
        dataset: DatasetChoice::Builtin(BuiltinSpec {
            count: 20,
            ..BuiltinSpec::default()
        }),
        ..ExperimentConfig::default()
    };
    assert_eq!(
        experiment_images(&mut builtin, None)
            .expect("generates")
            .len(),
        20
    );
    let _ = fs::remove_dir_all(&root);
}
