#!/usr/bin/env python3
"""PyTorch (eager) speed reference for one MoCo-v2 + NDA training step of NDA Lab.

Why: the contrastive experiments (Sinha et al., ICLR 2021, Sec. 5: MoCo-v2 with NDA views as extra
negatives) train a ResNet-style encoder in our Rust/burn code. A step time means little on its own;
this script times the same model and the same step in PyTorch on the same machine, so the Rust
number can be read as "x times PyTorch". Companion of bench/gan/reference.py (same options, same
output format).

What it mirrors:

* Encoder(width w, image side S), convs without bias, GroupNorm with 8 groups (eps 1e-5) everywhere
  (no cross-sample statistics, so MoCo's shuffle-BN is unnecessary and one batched key pass equals
  separate passes):
  - stem: conv3x3 s1 p1, 3 -> w; GroupNorm; ReLU;
  - log2(S / 4) stages (3 at 32 px, 4 at 64 px); stage i is a residual block with stride 2 from
    c_in to c_out = w * 2**min(i + 1, 3): conv3x3 s2 p1 -> GN -> ReLU -> conv3x3 s1 p1 -> GN,
    shortcut conv1x1 s2 -> GN, add, ReLU;
  - global average pool -> features [B, 8w];
  - projection head Linear(8w, 8w) -> ReLU -> Linear(8w, 128), both with bias, in burn's layout
    (weight [in, out], y = x @ W + b); then L2 normalisation (F.normalize, eps 1e-12).
  Presets: tiny w = 16, small w = 32, medium w = 64.
* Init: conv weights Kaiming normal (fan_out, relu), std = sqrt(2 / (out * k * k)); linear weights
  LeCun normal N(0, 1 / in), biases 0; GroupNorm weight 1, bias 0. The key encoder starts as a copy of the query
  encoder and has no gradients (MoCo).
* One step on a real batch x [B, 3, S, S] in [-1, 1] (random here, on the device before timing),
  crates/core/src/train/contrastive/ (trainer.rs, info_nce.rs, key_queue.rs; config.rs in crates/plain/src/train/contrastive/) (numbered by topic;
  the code runs them in ContrastiveTrainer::step's order: NDA views, positive views,
  momentum update, key pass, query pass, loss, optimiser step, enqueue):
  1. two positive views of x (MoCo-v2 recipe, crates/plain/src/augment/positive.rs + resample.rs): random resized
     crop (scale 0.2..1, log-uniform aspect ratio 3/4..4/3, torchvision's 10 attempts then the
     centre crop, integer pixel boxes), horizontal flip p 0.5, colour jitter (brightness, contrast,
     saturation 0.8, in that fixed order, no hue) with p 0.8, grayscale p 1.0 (the Rust default). The draws are made on
     the host and uploaded; the transforms are batched: one affine_grid + grid_sample (bilinear,
     align_corners False) per view for crop + flip, then per-image [B, 1, 1, 1] factors in [0, 1]
     colour space with a clamp after each step (torchvision's semantics): brightness multiply,
     contrast blend with the mean luma (BT.601 weights), saturation blend with the per-pixel luma,
     grayscale as a blend with weight 0 or 1; back to [-1, 1].
  2. momentum update of the key encoder under no_grad, before the keys: for every parameter
     theta_k = 0.99 theta_k + 0.01 theta_q (MoCo's code; GroupNorm has no buffers).
  3. under no_grad one key-encoder pass over cat([view2, nda_1, ..., nda_m]) ([(1 + m)B, 3, S, S])
     -> k [B, 128], k_nda [m, B, 128].
     NDA batch j is a 2x2 jigsaw of x (crates/plain/src/augment/jigsaw.rs): one uniformly random non-identity
     permutation of the 4 patches per image, drawn on the host, applied as one batched index_select
     over the [B * 4] patches. Then q = query_encoder(view1) [B, 128] with a graph.
  4. logits = cat([(q * k).sum(1, keepdim), q @ queue.T (K columns), (q * k_nda_j).sum(1) for
     j = 1..m, as one broadcast product [m, B, 128] summed and transposed]) / 0.2, shape
     [B, 1 + K + m]; loss = cross_entropy(logits, zeros).
  5. optimiser step on the query encoder: SGD lr 0.06, momentum 0.9, weight decay 5e-4 (default) or
     Adam lr 1e-3 with the same weight decay 5e-4 (L2 on the gradient; betas (0.9, 0.999),
     eps 1e-8).
  6. enqueue k into the queue [K, 128] (FIFO ring; the pointer advances by B; K % B == 0). The queue
     starts as random L2-normalised vectors (MoCo).
  7. the detached stats of contrastive.rs (mean positive, queue and NDA similarity, instance
     accuracy = argmax of the row is the positive), computed as the Rust step does, and read back
     with the loss as one [5] tensor at the end of each step (crates/cli/src/bench.rs reads back the loss
     only; the stats are computed either way, and one read-back is one sync); CUDA is synchronised
     before the clock.
  Images/s counts real images (B per step).

Known differences from the Rust step:

* Crop + flip: Rust builds per-image bilinear resampling matrices on the host and applies them with
  two batched matmuls (out = Ry . x . Rx^T); here one grid_sample. Same sample positions (half-pixel
  centres, l + (i + 0.5) * crop / S - 0.5), but Rust clamps the samples to the crop box and
  grid_sample ("border" padding) to the image, so edge pixels can differ slightly; the cost differs.
* Colour jitter: crates/plain/src/augment/positive.rs applies jitter to every view; here p 0.8 as MoCo-v2 (the
  images left out get factors 1, so the ops and their cost are the same). Rounding of crop sizes is
  half-to-even here, half-away-from-zero in Rust. Random draws use torch's generator, not ChaCha8.
* The loss: F.cross_entropy (fused log-softmax + NLL) where Rust writes the log-sum-exp out
  (max, subtract, exp, sum, log); the same value.
* The key encoder: Rust updates it through its EMA module (crates/core/src/train/ema.rs) on the inference
  copy; here an in-place mul_ / add_ per parameter.
* PyTorch's conv / GroupNorm / matmul kernels are its own (eager, oneDNN/cuDNN), not burn's.

Run: python3 bench/contrastive/reference.py [--preset all|tiny|small|medium] [--batch 64]
     [--size 32|64] [--nda 2] [--queue 1024] [--steps 10] [--warmup 2] [--optimizer sgd|adam]
     [--device cpu|cuda] [--threads N] [--verbose]
"""

import argparse
import copy
import math
import os
import statistics
import sys
import time
import warnings

# torch warns at import when numpy is absent; numpy is not needed here.
warnings.filterwarnings("ignore", message="Failed to initialize NumPy")

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

# The jigsaw both references share lives one folder up (bench/jigsaw.py).
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from jigsaw import jigsaw  # noqa: E402

PRESET_WIDTHS = {"tiny": 16, "small": 32, "medium": 64}
GROUPS = 8
PROJECTION_DIM = 128
TEMPERATURE = 0.2
KEY_MOMENTUM = 0.99
SGD = dict(lr=0.06, momentum=0.9, weight_decay=5e-4)
ADAM = dict(lr=1e-3, weight_decay=5e-4)  # Rust: Adam "with the same weight decay"
# Positive views: MoCo-v2 crop and flip with the stronger colours of ContrastiveConfig::default().
CROP_MIN_SCALE = 0.2
ASPECT_RATIO_RANGE = (3.0 / 4.0, 4.0 / 3.0)
CROP_ATTEMPTS = 10
FLIP_PROBABILITY = 0.5
JITTER_STRENGTH = 0.8  # ContrastiveConfig::default(): strong_colour_views()
JITTER_PROBABILITY = 0.8
GRAYSCALE_PROBABILITY = 1.0
LUMA_WEIGHTS = (0.299, 0.587, 0.114)


def num_stages(image_size):
    """Stride-2 stages down to 4x4 (3 at 32 px, 4 at 64 px)."""
    return (image_size // 4).bit_length() - 1


def conv(in_channels, out_channels, kernel, stride):
    layer = nn.Conv2d(in_channels, out_channels, kernel, stride, kernel // 2, bias=False)
    nn.init.kaiming_normal_(layer.weight, mode="fan_out", nonlinearity="relu")
    return layer


def group_norm(channels):
    return nn.GroupNorm(GROUPS, channels)  # weight 1, bias 0, eps 1e-5


class Linear(nn.Module):
    """burn's layout [in, out]: y = x @ W + b."""

    def __init__(self, d_input, d_output):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(d_input, d_output) / math.sqrt(d_input))
        self.bias = nn.Parameter(torch.zeros(d_output))

    def forward(self, x):
        return x.matmul(self.weight) + self.bias.unsqueeze(0)


class ResidualBlock(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv1 = conv(in_channels, out_channels, 3, 2)
        self.norm1 = group_norm(out_channels)
        self.conv2 = conv(out_channels, out_channels, 3, 1)
        self.norm2 = group_norm(out_channels)
        self.shortcut = conv(in_channels, out_channels, 1, 2)
        self.shortcut_norm = group_norm(out_channels)

    def forward(self, x):
        hidden = F.relu(self.norm1(self.conv1(x)))
        hidden = self.norm2(self.conv2(hidden))
        return F.relu(hidden + self.shortcut_norm(self.shortcut(x)))


class Encoder(nn.Module):
    def __init__(self, width, image_size):
        super().__init__()
        self.stem = conv(3, width, 3, 1)
        self.stem_norm = group_norm(width)
        blocks = []
        channels = width
        for stage in range(num_stages(image_size)):
            out_channels = width * 2 ** min(stage + 1, 3)
            blocks.append(ResidualBlock(channels, out_channels))
            channels = out_channels
        self.blocks = nn.Sequential(*blocks)
        self.head_hidden = Linear(channels, channels)
        self.head_output = Linear(channels, PROJECTION_DIM)

    def forward(self, images):
        hidden = F.relu(self.stem_norm(self.stem(images)))
        hidden = self.blocks(hidden)
        features = hidden.mean(dim=(2, 3))
        # [batch, 8w]
        projected = self.head_output(F.relu(self.head_hidden(features)))
        # [batch, 128]
        return F.normalize(projected, dim=1)


def random_crops(batch, height, width):
    """torchvision's RandomResizedCrop.get_params per image, vectorised on the host.

    Returns integer (top, left, crop_height, crop_width), each [batch]."""
    area = height * width
    target_area = area * torch.empty(batch, CROP_ATTEMPTS).uniform_(CROP_MIN_SCALE, 1.0)
    log_ratio = torch.empty(batch, CROP_ATTEMPTS).uniform_(
        math.log(ASPECT_RATIO_RANGE[0]), math.log(ASPECT_RATIO_RANGE[1])
    )
    aspect_ratio = log_ratio.exp()
    crop_w = (target_area * aspect_ratio).sqrt().round().long()
    crop_h = (target_area / aspect_ratio).sqrt().round().long()
    valid = (crop_w >= 1) & (crop_w <= width) & (crop_h >= 1) & (crop_h <= height)
    first = valid.int().argmax(dim=1, keepdim=True)  # first valid attempt (0 when none)
    found = valid.any(dim=1)
    crop_w = crop_w.gather(1, first).squeeze(1)
    crop_h = crop_h.gather(1, first).squeeze(1)
    # Centre-crop fallback: the largest centred crop with aspect ratio in range.
    image_ratio = width / height
    if image_ratio < ASPECT_RATIO_RANGE[0]:
        centre_h, centre_w = round(width / ASPECT_RATIO_RANGE[0]), width
    elif image_ratio > ASPECT_RATIO_RANGE[1]:
        centre_h, centre_w = height, round(height * ASPECT_RATIO_RANGE[1])
    else:
        centre_h, centre_w = height, width
    crop_h = torch.where(found, crop_h, torch.full_like(crop_h, min(max(centre_h, 1), height)))
    crop_w = torch.where(found, crop_w, torch.full_like(crop_w, min(max(centre_w, 1), width)))
    top = (torch.rand(batch) * (height - crop_h + 1)).floor().long()
    left = (torch.rand(batch) * (width - crop_w + 1)).floor().long()
    top = torch.where(found, top, (height - crop_h) // 2)
    left = torch.where(found, left, (width - crop_w) // 2)
    return top, left, crop_h, crop_w


def jitter_factor(batch, applied):
    """Uniform in [1 - s, 1 + s] where jitter applies, 1 elsewhere; [batch, 1, 1, 1]."""
    factors = torch.empty(batch).uniform_(max(0.0, 1.0 - JITTER_STRENGTH), 1.0 + JITTER_STRENGTH)
    return torch.where(applied, factors, torch.ones(batch)).reshape(batch, 1, 1, 1)


def luma(unit, weights):
    return (unit * weights).sum(dim=1, keepdim=True)  # [batch, 1, height, width]


def blend(image, target, weight):
    return image * weight + target * (1.0 - weight)


def positive_view(real):
    """One MoCo-v2 view of every image of real ([B, 3, H, W] in [-1, 1]), batched ops."""
    batch, channels, height, width = real.shape
    device = real.device
    # Host draws, as the Rust plan (positive.rs): crop, flip, jitter, grayscale.
    top, left, crop_h, crop_w = random_crops(batch, height, width)
    flipped = torch.rand(batch) < FLIP_PROBABILITY
    jittered = torch.rand(batch) < JITTER_PROBABILITY
    brightness = jitter_factor(batch, jittered)
    contrast = jitter_factor(batch, jittered)
    saturation = jitter_factor(batch, jittered)
    colour_kept = (torch.rand(batch) >= GRAYSCALE_PROBABILITY).float().reshape(batch, 1, 1, 1)
    # Crop + resize + flip as one affine grid_sample (align_corners False: pixel i samples
    # left + (i + 0.5) * crop_w / W - 0.5, as resample.rs).
    scale_x = crop_w.float() / width
    scale_y = crop_h.float() / height
    centre_x = (2 * left.float() + crop_w.float()) / width - 1
    centre_y = (2 * top.float() + crop_h.float()) / height - 1
    scale_x = torch.where(flipped, -scale_x, scale_x)
    zero = torch.zeros(batch)
    theta = torch.stack(
        [
            torch.stack([scale_x, zero, centre_x], dim=1),
            torch.stack([zero, scale_y, centre_y], dim=1),
        ],
        dim=1,
    )
    # [batch, 2, 3]
    factors = torch.cat([brightness, contrast, saturation, colour_kept], dim=1)
    # [batch, 4, 1, 1]
    theta = theta.to(device, non_blocking=True)
    factors = factors.to(device, non_blocking=True)
    brightness, contrast, saturation, colour_kept = factors.split(1, dim=1)
    grid = F.affine_grid(theta, [batch, channels, height, width], align_corners=False)
    resized = F.grid_sample(real, grid, mode="bilinear", padding_mode="border", align_corners=False)
    # Colour jitter in [0, 1] colour space, clamped after each step (positive.rs).
    weights = torch.tensor(LUMA_WEIGHTS, device=device).reshape(1, 3, 1, 1)
    unit = ((resized + 1.0) * 0.5 * brightness).clamp(0.0, 1.0)
    mean_luma = luma(unit, weights).mean(dim=(1, 2, 3), keepdim=True)
    unit = blend(unit, mean_luma, contrast).clamp(0.0, 1.0)
    unit = blend(unit, luma(unit, weights), saturation).clamp(0.0, 1.0)
    unit = blend(unit, luma(unit, weights), colour_kept)
    return (unit * 2.0 - 1.0).clamp(-1.0, 1.0)


class Trainer:
    def __init__(self, width, image_size, batch, num_nda, queue_size, optimizer, device):
        self.device = device
        self.num_nda = num_nda
        self.query = Encoder(width, image_size).to(device)
        self.key = copy.deepcopy(self.query)
        for parameter in self.key.parameters():
            parameter.requires_grad_(False)
        self.queue = F.normalize(torch.randn(queue_size, PROJECTION_DIM), dim=1).to(device)
        # [K, 128]
        self.queue_pointer = 0
        if optimizer == "sgd":
            self.optimizer = torch.optim.SGD(self.query.parameters(), **SGD)
        else:
            self.optimizer = torch.optim.Adam(self.query.parameters(), **ADAM)

    @torch.no_grad()
    def momentum_update(self):
        for key, query in zip(self.key.parameters(), self.query.parameters()):
            key.mul_(KEY_MOMENTUM).add_(query, alpha=1.0 - KEY_MOMENTUM)

    def logits(self, q, k, k_nda):
        """[B, 1 + K + m]: positive, queue negatives, NDA negatives, over the temperature
        (crates/core/src/train/contrastive/info_nce.rs: the m NDA columns from one broadcast product)."""
        batch, dim = q.shape
        columns = [(q * k).sum(dim=1, keepdim=True), q.matmul(self.queue.t())]
        if k_nda.shape[0] > 0:
            columns.append((q.reshape(1, batch, dim) * k_nda).sum(dim=2).t())
        return torch.cat(columns, dim=1) / TEMPERATURE

    def stats(self, loss, logits):
        """The detached stats of contrastive.rs, as one [5] tensor (one read-back)."""
        queue_size = self.queue.shape[0]
        positive = logits[:, :1].mean() * TEMPERATURE
        from_queue = logits[:, 1:1 + queue_size].mean() * TEMPERATURE
        nda = logits[:, 1 + queue_size:].mean() * TEMPERATURE if self.num_nda else positive * 0
        accuracy = (logits.argmax(dim=1) == 0).float().mean()
        return torch.stack([loss, positive, from_queue, nda, accuracy])

    def step(self, real):
        """Returns [loss, positive, queue and NDA similarity, instance accuracy], detached."""
        batch = real.shape[0]
        # Op order of ContrastiveTrainer::step: NDA views, positive views, momentum update, keys,
        # query, loss, optimiser step, enqueue.
        negatives = [jigsaw(real) for _ in range(self.num_nda)]
        view_query = positive_view(real)
        view_key = positive_view(real)
        self.momentum_update()
        with torch.no_grad():
            keys = self.key(torch.cat([view_key, *negatives], dim=0))
            # [(1 + m) B, 128]
            k = keys[:batch]
            k_nda = keys[batch:].reshape(self.num_nda, batch, PROJECTION_DIM)
            # [m, B, 128]
        q = self.query(view_query)
        # [B, 128]
        logits = self.logits(q, k, k_nda)
        labels = torch.zeros(batch, dtype=torch.long, device=self.device)
        loss = F.cross_entropy(logits, labels)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        self.optimizer.step()
        with torch.no_grad():
            self.queue[self.queue_pointer:self.queue_pointer + batch] = k
            self.queue_pointer = (self.queue_pointer + batch) % self.queue.shape[0]
            return self.stats(loss.detach(), logits.detach())


def synchronise(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def bench_preset(preset, args, device):
    torch.manual_seed(2)
    trainer = Trainer(
        PRESET_WIDTHS[preset], args.size, args.batch, args.nda, args.queue, args.optimizer, device
    )
    real = (torch.rand(args.batch, 3, args.size, args.size) * 2 - 1).to(device)
    times, losses = [], []
    for run in range(args.warmup + args.steps):
        synchronise(device)
        started = time.perf_counter()
        loss = trainer.step(real).tolist()[0]  # the stats read-back that closes a step
        synchronise(device)
        elapsed = time.perf_counter() - started
        losses.append(loss)
        if run >= args.warmup:
            times.append(elapsed)
    if args.verbose:
        print(f"# {preset} step ms: " + " ".join(f"{t * 1e3:.1f}" for t in times))
        print(f"# {preset} loss (warm-up first): " + " ".join(f"{x:.4f}" for x in losses))
    if not all(math.isfinite(x) for x in losses):
        print(f"warning: preset {preset}: the loss is not finite", file=sys.stderr)
    median_ms = statistics.median(times) * 1e3
    print(
        f"torch contrastive step preset={preset} batch={args.batch} size={args.size} "
        f"nda={args.nda} queue={args.queue} device={device.type} median_ms={median_ms:.1f} "
        f"(min_ms={min(times) * 1e3:.1f}, {args.batch / (median_ms / 1e3):.0f} images/s)",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", default="small", choices=["all", *PRESET_WIDTHS],
                        help="all = tiny and small")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--size", type=int, default=32, choices=[32, 64])
    parser.add_argument("--nda", type=int, default=2, help="NDA (2x2 jigsaw) batches per step")
    parser.add_argument("--queue", type=int, default=1024, help="queue size K (multiple of batch)")
    parser.add_argument("--steps", type=int, default=10, help="timed steps")
    parser.add_argument("--warmup", type=int, default=2, help="untimed steps first")
    parser.add_argument("--optimizer", default="sgd", choices=["sgd", "adam"])
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--threads", type=int, default=None, help="torch intra-op CPU threads")
    parser.add_argument("--verbose", action="store_true",
                        help="also print every timed step and every loss")
    args = parser.parse_args()
    if args.batch < 2 or args.steps < 1 or args.warmup < 0 or args.nda < 0:
        parser.error("need --batch >= 2, --steps >= 1, --warmup >= 0, --nda >= 0")
    if args.queue < args.batch or args.queue % args.batch != 0:
        parser.error("--queue must be a positive multiple of --batch")
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    if args.device == "cuda" and not torch.cuda.is_available():
        parser.error("--device cuda: torch sees no CUDA device")
    device = torch.device(args.device)
    presets = ["tiny", "small"] if args.preset == "all" else [args.preset]
    print(f"# torch {torch.__version__}, threads={torch.get_num_threads()}, device={device.type}"
          + (f" ({torch.cuda.get_device_name(device)})" if device.type == "cuda" else "")
          + f", optimizer={args.optimizer}")
    for preset in presets:
        bench_preset(preset, args, device)


if __name__ == "__main__":
    main()
