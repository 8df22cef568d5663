//! `random.py`'s continuous distributions, each the same formula over the
//! same draws of `random()` as CPython's.

use super::rng;
use crate::modules::math::float_arg;
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::BinOp;
use crate::runtime::semantics;
use crate::runtime::value::Py;

pub const LOG4: f64 = 1.3862943611198906;
const TWOPI: f64 = std::f64::consts::TAU;

/// `4 * exp(-0.5) / sqrt(2.0)`.
pub fn nv_magicconst() -> f64 {
    4.0 * (-0.5f64).exp() / 2f64.sqrt()
}

/// `1.0 + log(4.5)`.
pub fn sg_magicconst() -> f64 {
    1.0 + 4.5f64.ln()
}

fn bin(cx: &Cx, op: BinOp, a: &Py, b: &Py) -> PyResult<Py> {
    semantics::binary(cx, op, a, b)
}

/// `a / b` on floats, with Python's `ZeroDivisionError`.
fn div(a: f64, b: f64) -> PyResult<f64> {
    if b == 0.0 {
        return Err(exceptions::zero_division("float division by zero"));
    }
    Ok(a / b)
}

/// `a ** b` on floats, with Python's errors.
fn pow(cx: &Cx, a: f64, b: f64) -> PyResult<f64> {
    float_arg(&bin(cx, BinOp::Pow, &Py::Float(a), &Py::Float(b))?)
}

/// `math.log(x)` (domain errors included).
fn log(x: f64) -> PyResult<f64> {
    crate::modules::math::math_1_value(x, crate::modules::math::m_log, false)
}

/// `uniform(a, b)`: `a + (b - a) * random()`.
pub fn uniform(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [a, b] = args.bind("uniform", ["a", "b"])?;
    let (a, b) = (req(a), req(b));
    let width = bin(cx, BinOp::Sub, &b, &a)?;
    let r = Py::Float(rng(this)?.random());
    bin(cx, BinOp::Add, &a, &bin(cx, BinOp::Mul, &width, &r)?)
}

/// `triangular(low=0.0, high=1.0, mode=None)`.
pub fn triangular(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [low, high, mode] = args.bind("triangular", ["low?", "high?", "mode?"])?;
    let (mut low, mut high) = (low.unwrap_or(Py::Float(0.0)), high.unwrap_or(Py::Float(1.0)));
    let mut u = rng(this)?.random();
    let mut c = match mode.filter(|m| !m.is_none()) {
        None => 0.5,
        Some(mode) => {
            let num = bin(cx, BinOp::Sub, &mode, &low)?;
            let den = bin(cx, BinOp::Sub, &high, &low)?;
            match bin(cx, BinOp::TrueDiv, &num, &den) {
                Ok(c) => float_arg(&c)?,
                Err(e) if e.is("ZeroDivisionError") => return Ok(low),
                Err(e) => return Err(e),
            }
        }
    };
    if u > c {
        u = 1.0 - u;
        c = 1.0 - c;
        std::mem::swap(&mut low, &mut high);
    }
    let width = bin(cx, BinOp::Sub, &high, &low)?;
    let scaled = bin(cx, BinOp::Mul, &width, &Py::Float((u * c).sqrt()))?;
    bin(cx, BinOp::Add, &low, &scaled)
}

fn mu_sigma(args: Args, name: &str, defaults: bool) -> PyResult<(Py, Py)> {
    let spec = if defaults { ["mu?", "sigma?"] } else { ["mu", "sigma"] };
    let [mu, sigma] = args.bind(name, spec)?;
    Ok((mu.unwrap_or(Py::Float(0.0)), sigma.unwrap_or(Py::Float(1.0))))
}

/// `mu + z * sigma`.
fn shift_scale(cx: &Cx, z: f64, mu: &Py, sigma: &Py) -> PyResult<Py> {
    bin(cx, BinOp::Add, mu, &bin(cx, BinOp::Mul, &Py::Float(z), sigma)?)
}

fn normal_z(this: &Py) -> PyResult<f64> {
    let r = rng(this)?;
    loop {
        let u1 = r.random();
        let u2 = 1.0 - r.random();
        let z = nv_magicconst() * (u1 - 0.5) / u2;
        let zz = z * z / 4.0;
        if zz <= -log(u2)? {
            return Ok(z);
        }
    }
}

/// `normalvariate(mu=0.0, sigma=1.0)`.
pub fn normalvariate(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let (mu, sigma) = mu_sigma(args, "normalvariate", true)?;
    shift_scale(cx, normal_z(this)?, &mu, &sigma)
}

/// `gauss(mu=0.0, sigma=1.0)`: Box-Muller, keeping the second value.
pub fn gauss(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let (mu, sigma) = mu_sigma(args, "gauss", true)?;
    let r = rng(this)?;
    let kept = r.lock().gauss_next.take();
    let z = match kept {
        Some(z) => z,
        None => {
            let x2pi = r.random() * TWOPI;
            let g2rad = (-2.0 * log(1.0 - r.random())?).sqrt();
            r.lock().gauss_next = Some(x2pi.sin() * g2rad);
            x2pi.cos() * g2rad
        }
    };
    shift_scale(cx, z, &mu, &sigma)
}

/// `lognormvariate(mu, sigma)`.
pub fn lognormvariate(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let (mu, sigma) = mu_sigma(args, "lognormvariate", false)?;
    let v = float_arg(&shift_scale(cx, normal_z(this)?, &mu, &sigma)?)?;
    crate::modules::math::math_1_value(v, f64::exp, true).map(Py::Float)
}

/// `expovariate(lambd)`.
pub fn expovariate(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [lambd] = args.bind("expovariate", ["lambd"])?;
    let x = -log(1.0 - rng(this)?.random())?;
    bin(cx, BinOp::TrueDiv, &Py::Float(x), &req(lambd))
}

/// `vonmisesvariate(mu, kappa)`.
pub fn vonmisesvariate(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [mu, kappa] = args.bind("vonmisesvariate", ["mu", "kappa"])?;
    let (mu, kappa) = (req(mu), float_arg(&req(kappa))?);
    let r = rng(this)?;
    if kappa <= 1e-6 {
        return Ok(Py::Float(TWOPI * r.random()));
    }
    let s = 0.5 / kappa;
    let rr = s + (1.0 + s * s).sqrt();
    let z = loop {
        let u1 = r.random();
        let z = (std::f64::consts::PI * u1).cos();
        let d = z / (rr + z);
        let u2 = r.random();
        if u2 < 1.0 - d * d || u2 <= (1.0 - d) * d.exp() {
            break z;
        }
    };
    let q = 1.0 / rr;
    let f = (q + z) / (1.0 + q * z);
    let angle = crate::modules::math::math_1_value(f, f64::acos, false)?;
    let theta = if r.random() > 0.5 {
        bin(cx, BinOp::Add, &mu, &Py::Float(angle))?
    } else {
        bin(cx, BinOp::Sub, &mu, &Py::Float(angle))?
    };
    bin(cx, BinOp::Mod, &theta, &Py::Float(TWOPI))
}

fn gamma_draw(cx: &Cx, this: &Py, alpha: f64, beta: f64) -> PyResult<f64> {
    if alpha <= 0.0 || beta <= 0.0 {
        return Err(exceptions::value_error("gammavariate: alpha and beta must be > 0.0"));
    }
    let r = rng(this)?;
    if alpha > 1.0 {
        let ainv = (2.0 * alpha - 1.0).sqrt();
        let bbb = alpha - LOG4;
        let ccc = alpha + ainv;
        loop {
            let u1 = r.random();
            if !(1e-7 < u1 && u1 < 0.9999999) {
                continue;
            }
            let u2 = 1.0 - r.random();
            let v = log(u1 / (1.0 - u1))? / ainv;
            let x = alpha * v.exp();
            let z = u1 * u1 * u2;
            let rr = bbb + ccc * v - x;
            if rr + sg_magicconst() - 4.5 * z >= 0.0 || rr >= log(z)? {
                return Ok(x * beta);
            }
        }
    }
    if alpha == 1.0 {
        return Ok(-log(1.0 - r.random())? * beta);
    }
    let e = std::f64::consts::E;
    let x = loop {
        let u = r.random();
        let b = (e + alpha) / e;
        let p = b * u;
        let x = if p <= 1.0 { pow(cx, p, 1.0 / alpha)? } else { -log((b - p) / alpha)? };
        let u1 = r.random();
        if p > 1.0 {
            if u1 <= pow(cx, x, alpha - 1.0)? {
                break x;
            }
        } else if u1 <= (-x).exp() {
            break x;
        }
    };
    Ok(x * beta)
}

/// `gammavariate(alpha, beta)`.
pub fn gammavariate(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [alpha, beta] = args.bind("gammavariate", ["alpha", "beta"])?;
    gamma_draw(cx, this, float_arg(&req(alpha))?, float_arg(&req(beta))?).map(Py::Float)
}

/// `betavariate(alpha, beta)`.
pub fn betavariate(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [alpha, beta] = args.bind("betavariate", ["alpha", "beta"])?;
    let (alpha, beta) = (float_arg(&req(alpha))?, float_arg(&req(beta))?);
    let y = gamma_draw(cx, this, alpha, 1.0)?;
    if y != 0.0 {
        return div(y, y + gamma_draw(cx, this, beta, 1.0)?).map(Py::Float);
    }
    Ok(Py::Float(0.0))
}

/// `paretovariate(alpha)`.
pub fn paretovariate(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [alpha] = args.bind("paretovariate", ["alpha"])?;
    let u = 1.0 - rng(this)?.random();
    pow(cx, u, div(-1.0, float_arg(&req(alpha))?)?).map(Py::Float)
}

/// `weibullvariate(alpha, beta)`.
pub fn weibullvariate(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [alpha, beta] = args.bind("weibullvariate", ["alpha", "beta"])?;
    let (alpha, beta) = (req(alpha), float_arg(&req(beta))?);
    let u = 1.0 - rng(this)?.random();
    let powered = pow(cx, -log(u)?, div(1.0, beta)?)?;
    bin(cx, BinOp::Mul, &alpha, &Py::Float(powered))
}
