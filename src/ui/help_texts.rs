//! The texts behind the page's "?" marks, keyed by control or chart id; `help.rs` looks them up.

/// Every control and chart with a text of its own, by id (`help.rs` holds those many share).
pub const HELP: &[(&str, &str)] = &[
    // Data
    (
        "builtin-size",
        "The side of every image in pixels; models are built for this side.",
    ),
    (
        "builtin-count",
        "How many images to draw; more images make over-fitting less likely.",
    ),
    (
        "builtin-seed",
        "The seed of the drawing: the same seed gives the same images on every device.",
    ),
    // Augmentations
    (
        "gallery-numimages",
        "How many real images the gallery shows, each through every augmentation.",
    ),
    (
        "gallery-jigsawgrid",
        "The jigsaw cuts an image into k × k patches and shuffles them (the paper's best: 2 × 2).",
    ),
    (
        "gallery-stitchorientation",
        "Whether stitching joins left and right halves or top and bottom halves, and how the direction is drawn.",
    ),
    (
        "gallery-mixupalpha",
        "Mixup blends two images with a weight drawn from Beta(α, β); both 25 keep the blend near half and half.",
    ),
    (
        "gallery-mixupbeta",
        "The β of mixup's Beta(α, β) blending weight.",
    ),
    (
        "gallery-cutoutminside",
        "The smallest side of the square cutout fills with the image's mean colour, at 32 px.",
    ),
    (
        "gallery-cutoutmaxside",
        "The largest side of cutout's square, at 32 px.",
    ),
    (
        "gallery-cutmixalpha",
        "CutMix pastes a box of another image whose area share is drawn from Beta(α, β).",
    ),
    (
        "gallery-cutmixbeta",
        "The β of CutMix's Beta(α, β) box size.",
    ),
    // GAN settings
    (
        "gan-preset",
        "The width of the generator and discriminator: tiny trains fastest, medium draws best.",
    ),
    (
        "gan-batch",
        "Real images per D step (and samples per G step); larger batches are smoother but slower and need more memory.",
    ),
    (
        "gan-iterations",
        "How many iterations to train; one iteration is several D steps and one G step.",
    ),
    (
        "gan-ndis",
        "Discriminator steps per generator step (the paper's BigGAN setting: 4).",
    ),
    (
        "gan-alpha",
        "α weighs the generated images' term of L_D (the paper's 0.25 with NDA; the baseline uses 1).",
    ),
    (
        "gan-beta",
        "β weighs the NDA images' term of L_D (the paper's 0.75; 0 turns NDA off).",
    ),
    (
        "gan-lr",
        "Adam's step size for both networks (the paper's 0.0002).",
    ),
    (
        "gan-seed",
        "One seed fixes the initial weights, the data order, the noise and the augmentations of both runs.",
    ),
    (
        "gan-sample-every",
        "How often, in iterations, the grid of samples is redrawn while training.",
    ),
    (
        "gan-conditional",
        "Give G and D each image's class, so G can be asked for a class (needs labels).",
    ),
    (
        "gan-delay",
        "Waits between iterations so a class can follow every step; 0 trains at full speed.",
    ),
    // GAN charts
    (
        "gan-loss-chart",
        "L_D split into its real, generated and NDA terms, and L_G, per reported iteration.",
    ),
    (
        "gan-score-chart",
        "D's mean raw score of real, generated and NDA images: a D that learns puts real above the rest.",
    ),
    (
        "gan-histogram",
        "How D scored every image of its last step: real images should sit right, generated and NDA left.",
    ),
    // Contrastive settings
    (
        "contrastive-preset",
        "The width of the encoder: tiny trains fastest.",
    ),
    (
        "contrastive-batch",
        "Images per step; each gives a query, a positive key and its NDA keys.",
    ),
    ("contrastive-steps", "How many optimiser steps to train."),
    (
        "contrastive-evaluate-every",
        "How often, in steps, k-NN and linear-probe accuracy are measured on held-out images.",
    ),
    (
        "contrastive-nda-views",
        "How many NDA views of its own image each query gets as extra negatives (m; 0 is the baseline).",
    ),
    (
        "contrastive-temperature",
        "Divides similarities before the softmax of InfoNCE; lower makes the loss sharper (MoCo-v2: 0.2).",
    ),
    (
        "contrastive-momentum",
        "How slowly the key encoder follows the query encoder (MoCo: 0.999).",
    ),
    (
        "contrastive-queue",
        "How many earlier keys serve as negatives for every query.",
    ),
    ("contrastive-lr", "The optimiser's step size."),
    (
        "contrastive-seed",
        "One seed fixes the weights, the data order and the views of both runs.",
    ),
    (
        "contrastive-crop",
        "The smallest share of the image a positive view's random crop keeps.",
    ),
    (
        "contrastive-jitter",
        "How strongly a positive view's brightness, contrast and saturation are jittered.",
    ),
    (
        "contrastive-grayscale",
        "How often a positive view is turned grey.",
    ),
    // Contrastive charts
    (
        "contrastive-accuracy-chart",
        "How often a held-out image's nearest training images (k-NN) or a linear probe give its label.",
    ),
    (
        "contrastive-loss-chart",
        "InfoNCE: how hard it still is to pick the positive key among the negatives.",
    ),
    (
        "contrastive-nda-similarity-chart",
        "How similar a query is to its own NDA views: NDA should push this down.",
    ),
    (
        "contrastive-similarity",
        "Similarity of images to their positive and NDA views: the two humps should part.",
    ),
    (
        "contrastive-map",
        "Held-out images placed by their embeddings (PCA to 2-D), coloured by label.",
    ),
    // Evaluation
    (
        "eval-enabled",
        "Measure both runs at a quarter, half and the end of training, not only when asked.",
    ),
    (
        "eval-samples",
        "How many generated images KID, FD and the k-NN metrics compare with as many real ones.",
    ),
    (
        "eval-anomaly-images",
        "How many images of each out-of-distribution set D's anomaly score is measured on.",
    ),
    (
        "eval-evaluator-steps",
        "How long the evaluator networks train; fewer steps are quicker and weaker.",
    ),
    (
        "eval-kid-chart",
        "Kernel Inception Distance in the evaluator's features over training: lower is closer to the data.",
    ),
    (
        "eval-auroc-chart",
        "How well D's score tells real images from other sets, corruptions and NDA images (0.5: not at all).",
    ),
    (
        "eval-roc-nda",
        "D's ROC against NDA images: the higher the curve, the better D tells them from real ones.",
    ),
    (
        "eval-roc-other-sets",
        "D's ROC against the other built-in sets.",
    ),
    (
        "eval-roc-corruptions",
        "D's ROC against corrupted real images.",
    ),
    (
        "eval-histogram",
        "D's anomaly scores of real, other and NDA images: the less they overlap, the better.",
    ),
    (
        "contrastive-anomaly-images",
        "How many images of each out-of-distribution set the encoders' anomaly score is measured on.",
    ),
    (
        "contrastive-anomaly-roc-nda",
        "The encoder's ROC against NDA images.",
    ),
    (
        "contrastive-anomaly-roc-other-sets",
        "The encoder's ROC against the other built-in sets.",
    ),
    (
        "contrastive-anomaly-roc-corruptions",
        "The encoder's ROC against corrupted held-out images.",
    ),
    (
        "contrastive-anomaly-histogram",
        "The encoder's anomaly scores of held-out, other and NDA images.",
    ),
    // Studies and the page
    (
        "study-seeds",
        "How many paired seeds to run; 6 or more are needed for p < 0.05 with the exact paired test, and more for the secondary metrics after Holm's correction (the plan says how many).",
    ),
    (
        "study-split",
        "Splits the seeds across this many browsers: each gets a link to run its part, and the parts' results files merge into one report.",
    ),
    (
        "study-task",
        "Whose settings the study runs: the GAN panel's (NDA-GAN against α 1, β 0), or the Contrastive or Video panel's (NDA encoder against m 0).",
    ),
    (
        "study-primary",
        "The one metric the study is judged on, declared before it runs; the others are corrected for testing many.",
    ),
    (
        "study-control",
        "Adds an arm with NDA's α but no NDA term, to tell NDA's effect from the smaller weight on fakes.",
    ),
    (
        "study-forest",
        "Each metric's NDA − baseline difference with its 95 % interval; right of the line favours NDA.",
    ),
    (
        "cwalk-query",
        "Which query of the batch to explain: its views, its similarities and its term of the loss.",
    ),
    (
        "cwalk-run",
        "Which run's step the walk-through shows: the NDA run or its baseline.",
    ),
    (
        "walk-run",
        "Which run's iteration the walk-through shows: the NDA run or its baseline.",
    ),
    (
        "look-source",
        "Which kind of image to show every discriminator: a training image, its jigsaw or a generated sample.",
    ),
    ("share-panel", "The panel the copied link opens on."),
    (
        "force-cpu",
        "Compute on the CPU even where WebGPU works (slower, but the same numbers as the command line).",
    ),
];
