#!/usr/bin/env python3
"""PyTorch (eager) speed reference for one training step of NDA Lab's video task.

Why: the video task trains a clip encoder by dense predictive coding with NDA clips in our
Rust/burn code (crates/core/src/train/video/trainer.rs); a step time means little on its own, so
this script times the same model and the same step in PyTorch on the same machine, and
bench/ratio.awk prints the Rust number as "x times PyTorch". Companion of bench/contrastive/
reference.py (same options where they apply, same output format).

What it mirrors (VideoConfig::default() in crates/plain/src/train/video/config.rs):

* the model: `ClipEncoder` of python/nda_lab/torch_video.py, the module `make interop` checks
  against burn's (residual frames of 2-frame blocks, the contrastive encoder's stem and residual
  blocks, one stage fewer, to an 8 x 8 map; a 1x1 aggregator of the first 2 blocks and predictor
  of the last 2; a per-location target head), with PyTorch's default initialisation (the speed
  does not depend on it);
* one step on B clips of 8 frames [B, 24, S, S] in [-1, 1] (random, on the device before timing):
  1. m frame-shuffled NDA clips per clip (a non-identity permutation per clip, drawn on the host,
     applied as one batched gather);
  2. one trunk pass over the real clips' 4 blocks and the NDA clips' last 2 blocks;
  3. predictions from the first 2 blocks at every location; targets of the last 2;
     logits = [predictions @ targets.T, (prediction * its NDA target).sum per NDA clip] / 0.07,
     [N, N + m] with N = B * 2 * 64; loss = cross_entropy(logits, arange(N));
  4. Adam, learning rate 1e-3, weight decay 1e-5;
  5. the detached stats (loss, positive, other and NDA similarity, prediction accuracy) read back as
     one tensor at the end of each step (crates/cli/src/bench.rs reads back the loss).

Run: python3 bench/video/reference.py [--preset all|tiny|small] [--batch 16] [--size 32|64]
     [--nda 1] [--steps 10] [--warmup 2] [--device cpu|cuda] [--threads N]
"""

import argparse
import os
import statistics
import sys
import time
import warnings

warnings.filterwarnings("ignore", message="Failed to initialize NumPy")

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from nda_lab.torch_video import ClipEncoder, residual_frames  # noqa: E402

PRESET_WIDTHS = {"tiny": 16, "small": 32}
FRAMES, BLOCK_FRAMES, CONTEXT, FUTURE, EMBEDDING = 8, 2, 2, 2, 64
TEMPERATURE = 0.07


def stages(image_size):
    """One stage fewer than the image encoder's: 2 at 32 px, 3 at 64 px."""
    return (image_size // 4).bit_length() - 2


def shuffled(clips):
    """Each clip's frames in a random non-identity order (one gather)."""
    batch, channels, side, _ = clips.shape
    orders = []
    for _ in range(batch):
        order = torch.randperm(FRAMES)
        while bool((order == torch.arange(FRAMES)).all()):
            order = torch.randperm(FRAMES)
        orders.append(order)
    index = torch.stack(orders).to(clips.device)
    frames = clips.reshape(batch, FRAMES, 3, side, side)
    gathered = frames.gather(1, index.reshape(batch, FRAMES, 1, 1, 1).expand_as(frames))
    return gathered.reshape(batch, channels, side, side)


def locations(maps):
    count, channels, side, _ = maps.shape
    return maps.reshape(count, channels, side * side).transpose(1, 2).reshape(-1, channels)


def train_step(model, optimizer, real, num_nda):
    batch, _, side, _ = real.shape
    per_block = 3 * BLOCK_FRAMES
    blocks = real.reshape(batch * FRAMES // BLOCK_FRAMES, per_block, side, side)
    inputs = [blocks]
    for _ in range(num_nda):
        future = shuffled(real)[:, CONTEXT * per_block :]
        inputs.append(future.reshape(-1, per_block, side, side))
    maps = model.trunk.feature_map(residual_frames(torch.cat(inputs, dim=0)))
    channels, grid = maps.shape[1], maps.shape[2]
    real_maps = maps[: batch * 4].reshape(batch, 4, channels, grid, grid)
    stacked = real_maps[:, :CONTEXT].reshape(batch, CONTEXT * channels, grid, grid)
    hidden = F.relu(model.aggregate(locations(stacked)))
    predicted = model.predict(hidden).reshape(batch, grid * grid, FUTURE, EMBEDDING)
    predictions = F.normalize(predicted.transpose(1, 2).reshape(-1, EMBEDDING), dim=1)
    rows = predictions.shape[0]
    future_maps = [real_maps[:, CONTEXT:].reshape(-1, channels, grid, grid), maps[batch * 4 :]]
    head = F.relu(model.trunk.head_hidden(locations(torch.cat(future_maps, dim=0))))
    targets = F.normalize(model.trunk.head_out(head), dim=1)
    columns = [predictions @ targets[:rows].T]
    if num_nda:
        nda = targets[rows:].reshape(num_nda, rows, EMBEDDING)
        columns.append((predictions.unsqueeze(0) * nda).sum(dim=2).T)
    logits = torch.cat(columns, dim=1) / TEMPERATURE
    own = torch.arange(rows, device=real.device)
    loss = F.cross_entropy(logits, own)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    with torch.no_grad():
        logits = logits.detach() * TEMPERATURE
        positive = logits[:, :rows].diagonal().mean()
        others = (logits[:, :rows].sum() - logits[:, :rows].diagonal().sum()) / (rows * (rows - 1))
        nda = logits[:, rows:].mean() if num_nda else positive * 0
        accuracy = (logits.argmax(dim=1) == own).float().mean()
        return torch.stack([loss.detach(), positive, others, nda, accuracy])


def bench_preset(preset, args, device):
    torch.manual_seed(2)
    width = PRESET_WIDTHS[preset]
    channels = [width * 2 ** min(stage + 1, 3) for stage in range(stages(args.size))]
    model = ClipEncoder(width, channels, EMBEDDING, BLOCK_FRAMES, CONTEXT, FUTURE).to(device)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)
    real = (torch.rand(args.batch, 3 * FRAMES, args.size, args.size) * 2 - 1).to(device)
    times = []
    for run in range(args.warmup + args.steps):
        if device.type == "cuda":
            torch.cuda.synchronize(device)
        started = time.perf_counter()
        loss = train_step(model, optimizer, real, args.nda).tolist()[0]
        if device.type == "cuda":
            torch.cuda.synchronize(device)
        if run >= args.warmup:
            times.append(time.perf_counter() - started)
        if loss != loss:
            print(f"warning: preset {preset}: the loss is not finite", file=sys.stderr)
    median_ms = statistics.median(times) * 1e3
    print(
        f"torch video step preset={preset} batch={args.batch} size={args.size} nda={args.nda} "
        f"device={device.type} median_ms={median_ms:.1f} (min_ms={min(times) * 1e3:.1f}, "
        f"{args.batch / (median_ms / 1e3):.0f} clips/s)",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", default="tiny", choices=["all", *PRESET_WIDTHS])
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--size", type=int, default=32, choices=[32, 64])
    parser.add_argument("--nda", type=int, default=1, help="frame-shuffled NDA clips per clip")
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    if args.batch < 2 or args.steps < 1 or args.warmup < 0 or args.nda < 0:
        parser.error("need --batch >= 2, --steps >= 1, --warmup >= 0, --nda >= 0")
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    print(f"# torch {torch.__version__}, threads={torch.get_num_threads()}, device={device.type}")
    for preset in ["tiny", "small"] if args.preset == "all" else [args.preset]:
        bench_preset(preset, args, device)


if __name__ == "__main__":
    main()
