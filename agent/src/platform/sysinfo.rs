//! What the host is: `uname`, processors, load, clock ticks, the C
//! library, and the limits of a mounted file system.

use std::io;
use std::path::Path;
use std::sync::OnceLock;

use super::check;
use super::fs::cpath;

/// The 1, 5 and 15 minute load averages.
pub fn loadavg() -> Option<[f64; 3]> {
    let mut avg = [0f64; 3];
    // SAFETY: `avg` has room for the 3 doubles asked for.
    let n = unsafe { libc::getloadavg(avg.as_mut_ptr(), 3) };
    (n == 3).then_some(avg)
}

/// Online processors (`sysconf(_SC_NPROCESSORS_ONLN)`), as `os.cpu_count`.
pub fn cpu_count() -> Option<i64> {
    // SAFETY: sysconf takes a plain integer.
    let n = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) };
    (n > 0).then_some(n as i64)
}

/// Physical cores (what psutil's `cpu_count(logical=False)` counts).
pub fn physical_cores() -> Option<u64> {
    ::sysinfo::System::physical_core_count().map(|n| n as u64).filter(|n| *n >= 1)
}

/// Clock ticks per second (`sysconf(_SC_CLK_TCK)`), the unit of
/// `/proc/stat`; 100 when the system does not say.
pub fn clock_ticks() -> f64 {
    // SAFETY: sysconf takes a plain integer.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if hz > 0 {
        hz as f64
    } else {
        100.0
    }
}

fn c_chars(field: &[libc::c_char]) -> String {
    let bytes: Vec<u8> = field.iter().take_while(|c| **c != 0).map(|c| *c as u8).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `(sysname, nodename, release, version, machine)`.
pub fn uname() -> io::Result<[String; 5]> {
    // SAFETY: utsname is plain C data (char arrays); all zeroes is valid.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: `u` is a valid, writable utsname.
    check(unsafe { libc::uname(&mut u) })?;
    Ok([c_chars(&u.sysname), c_chars(&u.nodename), c_chars(&u.release), c_chars(&u.version), c_chars(&u.machine)])
}

/// The processor name `uname -p` prints, asked once per process as
/// CPython's `platform.processor()` does; `unknown` is `''`.
pub fn processor() -> String {
    static PROCESSOR: OnceLock<String> = OnceLock::new();
    PROCESSOR
        .get_or_init(|| {
            let out = std::process::Command::new("uname")
                .arg("-p")
                .stdin(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .output();
            match out {
                Ok(o) if o.status.success() => {
                    let p = String::from_utf8_lossy(&o.stdout).trim().to_owned();
                    if p == "unknown" {
                        String::new()
                    } else {
                        p
                    }
                }
                _ => String::new(),
            }
        })
        .clone()
}

/// `(lib, version)` of the C library the agent runs on: glibc answers
/// `confstr(_CS_GNU_LIBC_VERSION)`, as CPython reads it; `None` elsewhere.
pub fn libc_version() -> Option<(String, String)> {
    #[cfg(target_env = "gnu")]
    {
        let mut buf = [0u8; 64];
        // SAFETY: confstr writes at most `buf.len()` bytes, NUL-terminated.
        let n = unsafe { libc::confstr(libc::_CS_GNU_LIBC_VERSION, buf.as_mut_ptr().cast(), buf.len()) };
        if n > 0 && n <= buf.len() {
            let text = std::ffi::CStr::from_bytes_until_nul(&buf).ok()?.to_string_lossy().into_owned();
            let (lib, ver) = text.split_once(char::is_whitespace)?;
            return Some((lib.to_owned(), ver.trim().to_owned()));
        }
    }
    None
}

/// The longest file name and path a file system takes (`pathconf`
/// `_PC_NAME_MAX`, `_PC_PATH_MAX`), `None` where it sets no limit or the
/// path cannot be asked.
pub fn name_limits(path: &Path) -> (Option<i64>, Option<i64>) {
    let Ok(c) = cpath(path) else { return (None, None) };
    let ask = |name: libc::c_int| {
        // SAFETY: `c` is a NUL-terminated path that outlives the call.
        let v = unsafe { libc::pathconf(c.as_ptr(), name) };
        #[allow(clippy::useless_conversion)] // c_long is i32 on 32-bit targets
        let v = i64::from(v);
        (v >= 0).then_some(v)
    };
    (ask(libc::_PC_NAME_MAX), ask(libc::_PC_PATH_MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_facts() {
        assert_eq!(uname().expect("uname")[0], "Linux");
        assert!(cpu_count().unwrap_or(0) >= 1);
        assert!(physical_cores().unwrap_or(1) >= 1);
        assert!(clock_ticks() > 0.0);
        let avg = loadavg().expect("load averages");
        assert!(avg.iter().all(|v| *v >= 0.0));
        let (name_max, path_max) = name_limits(Path::new("/"));
        assert!(name_max.is_some_and(|n| n >= 14));
        assert!(path_max.is_some_and(|n| n >= 256));
        // glibc answers _PC_PATH_MAX without looking at the path.
        assert_eq!(name_limits(Path::new("/no/such/dir")).0, None);
        if cfg!(target_env = "gnu") {
            assert_eq!(libc_version().map(|(lib, _)| lib), Some("glibc".to_owned()));
        }
    }
}
