//! The current thread's stack: where it ends, so deep recursion stops with
//! `RecursionError` before it overflows.

/// The lowest usable address of the current thread's stack (stacks grow
/// down on every target rpyctl builds for), read once per thread.
pub fn stack_floor() -> Option<usize> {
    thread_local! {
        static FLOOR: Option<usize> = read_stack_floor();
    }
    FLOOR.with(|f| *f)
}

fn read_stack_floor() -> Option<usize> {
    // SAFETY: `attr` is initialised by pthread_getattr_np before it is read
    // and destroyed once; the out-pointers point at locals.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let mut addr: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let rc = libc::pthread_attr_getstack(&attr, &mut addr, &mut size);
        libc::pthread_attr_destroy(&mut attr);
        (rc == 0 && !addr.is_null()).then_some(addr as usize)
    }
}
