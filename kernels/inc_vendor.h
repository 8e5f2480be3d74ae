/* seedsieve kernels: the vendor header. The kernels are written once, in the C
 * subset that both OpenCL C 1.2 and NVRTC (CUDA C++) compile; this header maps
 * the spellings that differ, in the way hashcat's OpenCL/inc_vendor.h does.
 * The host prepends it (and the other headers) to sieve.cl before compiling. */
#ifndef SEEDSIEVE_INC_VENDOR_H
#define SEEDSIEVE_INC_VENDOR_H

#if defined(__OPENCL_VERSION__)
/* ---- OpenCL C 1.2 ---- */
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#pragma OPENCL EXTENSION cl_khr_global_int32_base_atomics : enable
typedef uchar u8;
typedef uint u32;
typedef int i32;
typedef ulong u64;
typedef long i64;
#define KERNEL_FN __kernel
#define GLOBAL_AS __global
#define CONSTANT_AS __constant
#define PRIVATE_AS
#define DEVICE_FN static inline
#define GLOBAL_ID() ((u64)get_global_id(0))
#define ATOMIC_INC(p) atomic_inc(p)
#define MULHI64(a, b) mul_hi((u64)(a), (u64)(b))
#else
/* ---- CUDA (NVRTC) ---- */
typedef unsigned char u8;
typedef unsigned int u32;
typedef int i32;
typedef unsigned long long u64;
typedef long long i64;
#define KERNEL_FN extern "C" __global__
#define GLOBAL_AS
#define CONSTANT_AS
#define PRIVATE_AS
#define DEVICE_FN static __device__ __forceinline__
#define GLOBAL_ID() ((u64)blockIdx.x * (u64)blockDim.x + (u64)threadIdx.x)
#define ATOMIC_INC(p) atomicAdd((p), 1u)
#define MULHI64(a, b) __umul64hi((u64)(a), (u64)(b))
#endif

#endif
