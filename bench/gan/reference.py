#!/usr/bin/env python3
"""PyTorch (eager) speed reference for one NDA-GAN training iteration of NDA Lab.

Why: `make bench` prints how long one NDA-GAN iteration takes in our Rust/burn code
(`nda-lab bench`, crates/cli/src/bench.rs: "gan iteration ... (4 D + 1 G, batch 64, 32x32)"). A number means
little on its own; this script times exactly the same model and the same iteration in PyTorch on the
same machine, so the Rust number can be read as "x times PyTorch".

What it mirrors (read next to the Rust files named here):

* crates/core/src/model/generator.rs: z [B, 128] -> SN linear (burn layout, weight [in, out], y = x @ W + b)
  -> [B, 8w, 4, 4] -> batch norm + ReLU -> per stage (SN transposed conv k4 s2 p1, batch norm,
  ReLU) with channels (8w >> stage).max(w) -> SN 3x3 conv p1 to RGB -> tanh.
* crates/core/src/model/discriminator.rs: per stage SN conv k4 s2 p1 with w << stage channels + LeakyReLU 0.2
  -> sum over space -> SN linear [C, 1] -> raw logit.
* crates/core/src/model/spectral_norm.rs + sn_layers.rs: the weight viewed as [dim 0, rest] (conv [out, in*k*k],
  transposed conv [in, out*k*k], linear [in, out]); per training forward one power iteration from the
  stored u (v = n(u^T W), u = n(W v), n(x) = x / (|x| + 1e-12)), u stored, sigma = u^T W v with
  gradient through W only, weight / sigma. Written out here (not torch's spectral_norm) so that the
  matrix views, the u sizes and the op sequence are the Rust ones.
* crates/core/src/model/init.rs: N(0, 0.02) weights, zero biases, random unit u.
* crates/core/src/train/gan/ (trainer.rs, loss.rs; config.rs in crates/plain/src/train/gan/): unconditional, alpha 0.25, beta 0.75, n_dis 4,
  Adam lr 2e-4 betas (0, 0.999) eps 1e-8 on both nets, batch 64, latent 128. A D step draws z on the
  host, makes the 2x2 jigsaw negative of the real batch, runs G in training mode without a graph,
  runs D once on cat([real; fake; negative]) (3B images), hinge loss
  L_D = mean(relu(1 - D(x))) + alpha mean(relu(1 + D(G(z)))) + beta mean(relu(1 + D(x_neg))),
  Adam step on D, and the detached stats (logit means). The G step: G forward with a graph, D with
  frozen weights, L_G = -mean(D(G(z))), Adam step on G. Then the EMA update of G (crates/core/src/train/ema.rs:
  weights and buffers, decay 0.9999 from iteration 1000, a plain copy before, as the Rust default).
* crates/plain/src/augment/jigsaw.rs: one non-identity permutation of the 2x2 patches per image drawn on the host,
  applied as one batched index_select over the [B * 4] patches.
* crates/cli/src/bench.rs: the 4 real batches (here random in [-1, 1]) are on the device before timing; the G
  loss is read back at the end of each iteration (and CUDA is synchronised before the clock).

Run: python3 bench/gan/reference.py [--preset all|tiny|small|medium] [--batch 64] [--iterations 10]
     [--device cpu|cuda] [--threads N]
"""

import argparse
import copy
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
INIT_STD = 0.02
NORM_EPSILON = 1e-12
LEAKY_SLOPE = 0.2
ALPHA = 0.25
BETA = 0.75
N_DIS = 4
LEARNING_RATE = 2e-4
ADAM_BETAS = (0.0, 0.999)
ADAM_EPSILON = 1e-8
LATENT_DIM = 128
EMA_DECAY = 0.9999
EMA_START = 1000


def num_stages(image_size):
    """2x stages between 4x4 and the image side (3 at 32 px, 4 at 64 px)."""
    return (image_size // 4).bit_length() - 1


def normalised(vector):
    """vector / (|vector| + eps), as spectral_norm.rs."""
    return vector / (vector.pow(2).sum().sqrt() + NORM_EPSILON)


class SpectralNorm(nn.Module):
    """Power-iteration state of one weight (a buffer, never a parameter)."""

    def __init__(self, rows):
        super().__init__()
        self.register_buffer("u", normalised(torch.randn(rows)))

    def forward(self, weight):
        rows = weight.shape[0]
        matrix = weight.reshape(rows, -1)
        # [rows, cols]
        with torch.no_grad():
            v = normalised(self.u.unsqueeze(0).matmul(matrix).reshape(-1))
            # [cols]
            u = normalised(matrix.matmul(v.unsqueeze(1)).reshape(rows))
            # [rows]
            if self.training:
                self.u.copy_(u)
        sigma = u.unsqueeze(0).matmul(matrix).matmul(v.unsqueeze(1)).reshape([1] * weight.dim())
        return weight / sigma


class SnConv2d(nn.Module):
    def __init__(self, in_channels, out_channels, kernel, stride=1, padding=0):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_channels, in_channels, kernel, kernel) * INIT_STD)
        self.bias = nn.Parameter(torch.zeros(out_channels))
        self.norm = SpectralNorm(out_channels)
        self.stride, self.padding = stride, padding

    def forward(self, x):
        return F.conv2d(x, self.norm(self.weight), self.bias, self.stride, self.padding)


class SnConvTranspose2d(nn.Module):
    def __init__(self, in_channels, out_channels, kernel, stride=1, padding=0):
        super().__init__()
        # [in, out, k, k]: burn's and torch's layout alike.
        self.weight = nn.Parameter(torch.randn(in_channels, out_channels, kernel, kernel) * INIT_STD)
        self.bias = nn.Parameter(torch.zeros(out_channels))
        self.norm = SpectralNorm(in_channels)
        self.stride, self.padding = stride, padding

    def forward(self, x):
        return F.conv_transpose2d(x, self.norm(self.weight), self.bias, self.stride, self.padding)


class SnLinear(nn.Module):
    def __init__(self, d_input, d_output):
        super().__init__()
        # burn's layout [in, out]: y = x @ W + b.
        self.weight = nn.Parameter(torch.randn(d_input, d_output) * INIT_STD)
        self.bias = nn.Parameter(torch.zeros(d_output))
        self.norm = SpectralNorm(d_input)

    def forward(self, x):
        return x.matmul(self.norm(self.weight)) + self.bias.unsqueeze(0)


class Generator(nn.Module):
    def __init__(self, width, image_size, latent_dim=LATENT_DIM):
        super().__init__()
        self.seed_channels = 8 * width
        self.input = SnLinear(latent_dim, self.seed_channels * 16)
        self.input_norm = nn.BatchNorm2d(self.seed_channels)
        convs, norms = [], []
        channels = self.seed_channels
        for stage in range(1, num_stages(image_size) + 1):
            out_channels = max((8 * width) >> stage, width)
            convs.append(SnConvTranspose2d(channels, out_channels, 4, stride=2, padding=1))
            norms.append(nn.BatchNorm2d(out_channels))
            channels = out_channels
        self.convs = nn.ModuleList(convs)
        self.norms = nn.ModuleList(norms)
        self.to_rgb = SnConv2d(channels, 3, 3, padding=1)

    def forward(self, z):
        batch = z.shape[0]
        seed = self.input(z).reshape(batch, self.seed_channels, 4, 4)
        hidden = F.relu(self.input_norm(seed))
        for conv, norm in zip(self.convs, self.norms):
            hidden = F.relu(norm(conv(hidden)))
        return torch.tanh(self.to_rgb(hidden))


class Discriminator(nn.Module):
    def __init__(self, width, image_size):
        super().__init__()
        convs = []
        channels = 3
        for stage in range(num_stages(image_size)):
            out_channels = width << stage
            convs.append(SnConv2d(channels, out_channels, 4, stride=2, padding=1))
            channels = out_channels
        self.convs = nn.ModuleList(convs)
        self.head = SnLinear(channels, 1)

    def forward(self, images):
        hidden = images
        for conv in self.convs:
            hidden = F.leaky_relu(conv(hidden), LEAKY_SLOPE)
        features = hidden.sum(dim=3).sum(dim=2)
        # [batch, channels]
        return self.head(features).reshape(-1)


def set_requires_grad(module, flag):
    for parameter in module.parameters():
        parameter.requires_grad_(flag)


class Trainer:
    def __init__(self, width, image_size, batch, device):
        self.device = device
        self.batch = batch
        self.generator = Generator(width, image_size).to(device)
        self.discriminator = Discriminator(width, image_size).to(device)
        self.ema = copy.deepcopy(self.generator).eval()
        set_requires_grad(self.ema, False)
        adam = dict(lr=LEARNING_RATE, betas=ADAM_BETAS, eps=ADAM_EPSILON)
        self.g_optimizer = torch.optim.Adam(self.generator.parameters(), **adam)
        self.d_optimizer = torch.optim.Adam(self.discriminator.parameters(), **adam)
        self.iteration = 0

    def latent(self, count):
        # Drawn on the host and uploaded, as the Rust trainer does.
        return torch.randn(count, LATENT_DIM).to(self.device, non_blocking=True)

    def discriminator_step(self, real):
        batch = real.shape[0]
        z = self.latent(batch)
        negative = jigsaw(real.detach())
        with torch.no_grad():  # G in training mode, no graph (BigGAN's toggle_grad)
            fake = self.generator(z)
        logits = self.discriminator(torch.cat([real, fake, negative], 0))
        # [3 * batch]
        real_logits, fake_logits, negative_logits = logits.split(batch)
        loss_real = F.relu(1.0 - real_logits).mean()
        loss_fake = F.relu(1.0 + fake_logits).mean() * ALPHA
        loss_negative = F.relu(1.0 + negative_logits).mean() * BETA
        total = loss_real + loss_fake + loss_negative
        self.d_optimizer.zero_grad(set_to_none=True)
        total.backward()
        self.d_optimizer.step()
        return {
            "d_loss": total.detach(),
            "d_real": real_logits.detach().mean(),
            "d_fake": fake_logits.detach().mean(),
            "d_negative": negative_logits.detach().mean(),
        }

    def generator_step(self):
        z = self.latent(self.batch)
        fake = self.generator(z)
        set_requires_grad(self.discriminator, False)
        fake_logits = self.discriminator(fake)
        loss = -fake_logits.mean()
        self.g_optimizer.zero_grad(set_to_none=True)
        loss.backward()
        self.g_optimizer.step()
        set_requires_grad(self.discriminator, True)
        return {"g_loss": loss.detach(), "g_fake": fake_logits.detach().mean()}

    @torch.no_grad()
    def ema_update(self):
        decay = 0.0 if self.iteration < EMA_START else EMA_DECAY
        live = self.generator.state_dict()
        for name, average in self.ema.state_dict().items():
            if not average.is_floating_point():
                continue  # num_batches_tracked: burn's batch norm has none
            if decay == 0.0:
                average.copy_(live[name])
            else:
                average.lerp_(live[name], 1.0 - decay)

    def iteration_step(self, real_batches):
        for real in real_batches:
            d_stats = self.discriminator_step(real)
        g_stats = self.generator_step()
        self.iteration += 1
        self.ema_update()
        return d_stats, g_stats


def synchronise(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def bench_preset(preset, args, device):
    torch.manual_seed(2)
    trainer = Trainer(PRESET_WIDTHS[preset], args.size, args.batch, device)
    real_batches = [
        (torch.rand(args.batch, 3, args.size, args.size) * 2 - 1).to(device) for _ in range(N_DIS)
    ]
    times = []
    for run in range(args.warmup + args.iterations):
        synchronise(device)
        started = time.perf_counter()
        _, g_stats = trainer.iteration_step(real_batches)
        g_loss = g_stats["g_loss"].item()  # the read-back that closes an iteration in crates/cli/src/bench.rs
        synchronise(device)
        elapsed = time.perf_counter() - started
        if run >= args.warmup:
            times.append(elapsed)
    if args.verbose:
        print(f"# {preset} iteration ms: " + " ".join(f"{t * 1e3:.1f}" for t in times))
    if g_loss != g_loss:
        print(f"warning: preset {preset}: G loss is NaN", file=sys.stderr)
    median_ms = statistics.median(times) * 1e3
    print(
        f"torch gan iteration preset={preset} batch={args.batch} size={args.size} "
        f"device={device.type} median_ms={median_ms:.1f} "
        f"(min_ms={min(times) * 1e3:.1f}, {N_DIS * args.batch / (median_ms / 1e3):.0f} real images/s)",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", default="all", choices=["all", *PRESET_WIDTHS])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--size", type=int, default=32, choices=[32, 64])
    parser.add_argument("--iterations", type=int, default=10, help="timed iterations")
    parser.add_argument("--warmup", type=int, default=2, help="untimed iterations first")
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--threads", type=int, default=None, help="torch intra-op CPU threads")
    parser.add_argument("--verbose", action="store_true", help="also print every timed iteration")
    args = parser.parse_args()
    if args.batch < 2 or args.iterations < 1 or args.warmup < 0:
        parser.error("need --batch >= 2, --iterations >= 1, --warmup >= 0")
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    if args.device == "cuda" and not torch.cuda.is_available():
        parser.error("--device cuda: torch sees no CUDA device")
    device = torch.device(args.device)
    presets = ["tiny", "small"] if args.preset == "all" else [args.preset]
    print(f"# torch {torch.__version__}, threads={torch.get_num_threads()}, device={device.type}"
          + (f" ({torch.cuda.get_device_name(device)})" if device.type == "cuda" else ""))
    for preset in presets:
        bench_preset(preset, args, device)


if __name__ == "__main__":
    main()
