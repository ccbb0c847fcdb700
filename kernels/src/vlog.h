/*
 * A table logarithm, used instead of SLEEF's u10 log (double-word arithmetic
 * throughout) where fma is available.
 *
 *   x = 2^k z,  z in [OFF, 2 OFF),  OFF = 0.685546875
 *   log x = k ln2 + log(1/c) + log1p(r),  r = z c - 1,  |r| <= 2^-8
 *
 * The interval i of z (the top mantissa bits of bits(x) - bits(OFF): 2^-8
 * wide below 1, 2^-7 above) picks c ~ 1/centre from a 128-entry table, with
 * -log(c) as hi + lo (hi a multiple of 2^-43, so k ln2_hi + hi is exact);
 * the interval holding 1 has c = 1, so near 1 nothing cancels.  z c is
 * carried exactly as (ph - 1) + pl, log1p(r) - r is the Taylor polynomial
 * r^2 (-1/2 + r/3 - ... + r^5/7) (truncation below 2^-59 relative), and the
 * pieces are summed so that one rounding ends it: about 0.5 ULP plus 2^-8.
 * float32 is the same in float32 arithmetic with 16 intervals (below).
 * tools/gen_log_table.py generates the tables.
 */
#ifndef SK_VLOG_H
#define SK_VLOG_H

#include "simd.h"

static const double sk_log_invc[128] = {
    0x1.745d1745d1746p+0, 0x1.724287f46debcp+0, 0x1.702e05c0b8170p+0, 0x1.6e1f76b4337c7p+0,
    0x1.6c16c16c16c17p+0, 0x1.6a13cd1537290p+0, 0x1.6816816816817p+0, 0x1.661ec6a5122f9p+0,
    0x1.642c8590b2164p+0, 0x1.623fa77016240p+0, 0x1.6058160581606p+0, 0x1.5e75bb8d015e7p+0,
    0x1.5c9882b931057p+0, 0x1.5ac056b015ac0p+0, 0x1.58ed2308158edp+0, 0x1.571ed3c506b3ap+0,
    0x1.5555555555555p+0, 0x1.5390948f40febp+0, 0x1.51d07eae2f815p+0, 0x1.5015015015015p+0,
    0x1.4e5e0a72f0539p+0, 0x1.4cab88725af6ep+0, 0x1.4afd6a052bf5bp+0, 0x1.49539e3b2d067p+0,
    0x1.47ae147ae147bp+0, 0x1.460cbc7f5cf9ap+0, 0x1.446f86562d9fbp+0, 0x1.42d6625d51f87p+0,
    0x1.4141414141414p+0, 0x1.3fb013fb013fbp+0, 0x1.3e22cbce4a902p+0, 0x1.3c995a47babe7p+0,
    0x1.3b13b13b13b14p+0, 0x1.3991c2c187f63p+0, 0x1.3813813813814p+0, 0x1.3698df3de0748p+0,
    0x1.3521cfb2b78c1p+0, 0x1.33ae45b57bcb2p+0, 0x1.323e34a2b10bfp+0, 0x1.30d190130d190p+0,
    0x1.2f684bda12f68p+0, 0x1.2e025c04b8097p+0, 0x1.2c9fb4d812ca0p+0, 0x1.2b404ad012b40p+0,
    0x1.29e4129e4129ep+0, 0x1.288b01288b013p+0, 0x1.27350b8812735p+0, 0x1.25e22708092f1p+0,
    0x1.2492492492492p+0, 0x1.23456789abcdfp+0, 0x1.21fb78121fb78p+0, 0x1.20b470c67c0d9p+0,
    0x1.1f7047dc11f70p+0, 0x1.1e2ef3b3fb874p+0, 0x1.1cf06ada2811dp+0, 0x1.1bb4a4046ed29p+0,
    0x1.1a7b9611a7b96p+0, 0x1.19453808ca29cp+0, 0x1.1811811811812p+0, 0x1.16e0689427379p+0,
    0x1.15b1e5f75270dp+0, 0x1.1485f0e0acd3bp+0, 0x1.135c81135c811p+0, 0x1.12358e75d3033p+0,
    0x1.1111111111111p+0, 0x1.0fef010fef011p+0, 0x1.0ecf56be69c90p+0, 0x1.0db20a88f4696p+0,
    0x1.0c9714fbcda3bp+0, 0x1.0b7e6ec259dc8p+0, 0x1.0a6810a6810a7p+0, 0x1.0953f39010954p+0,
    0x1.0842108421084p+0, 0x1.073260a47f7c6p+0, 0x1.0624dd2f1a9fcp+0, 0x1.05197f7d73404p+0,
    0x1.0410410410410p+0, 0x1.03091b51f5e1ap+0, 0x1.0204081020408p+0, 0x1.0101010101010p+0,
    0x1.0000000000000p+0, 0x1.fc07f01fc07f0p-1, 0x1.f81f81f81f820p-1, 0x1.f44659e4a4271p-1,
    0x1.f07c1f07c1f08p-1, 0x1.ecc07b301ecc0p-1, 0x1.e9131abf0b767p-1, 0x1.e573ac901e574p-1,
    0x1.e1e1e1e1e1e1ep-1, 0x1.de5d6e3f8868ap-1, 0x1.dae6076b981dbp-1, 0x1.d77b654b82c34p-1,
    0x1.d41d41d41d41dp-1, 0x1.d0cb58f6ec074p-1, 0x1.cd85689039b0bp-1, 0x1.ca4b3055ee191p-1,
    0x1.c71c71c71c71cp-1, 0x1.c3f8f01c3f8f0p-1, 0x1.c0e070381c0e0p-1, 0x1.bdd2b899406f7p-1,
    0x1.bacf914c1bad0p-1, 0x1.b7d6c3dda338bp-1, 0x1.b4e81b4e81b4fp-1, 0x1.b2036406c80d9p-1,
    0x1.af286bca1af28p-1, 0x1.ac5701ac5701bp-1, 0x1.a98ef606a63bep-1, 0x1.a6d01a6d01a6dp-1,
    0x1.a41a41a41a41ap-1, 0x1.a16d3f97a4b02p-1, 0x1.9ec8e951033d9p-1, 0x1.9c2d14ee4a102p-1,
    0x1.999999999999ap-1, 0x1.970e4f80cb872p-1, 0x1.948b0fcd6e9e0p-1, 0x1.920fb49d0e229p-1,
    0x1.8f9c18f9c18fap-1, 0x1.8d3018d3018d3p-1, 0x1.8acb90f6bf3aap-1, 0x1.886e5f0abb04ap-1,
    0x1.8618618618618p-1, 0x1.83c977ab2beddp-1, 0x1.8181818181818p-1, 0x1.7f405fd017f40p-1,
    0x1.7d05f417d05f4p-1, 0x1.7ad2208e0ecc3p-1, 0x1.78a4c8178a4c8p-1, 0x1.767dce434a9b1p-1,
};
static const double sk_log_thi[128] = {
    -0x1.7fafa3bd81800p-2, -0x1.79e26687cf800p-2, -0x1.741d876c67800p-2, -0x1.6e60ee6af1800p-2,
    -0x1.68ac83e9c6800p-2, -0x1.630030b3ab000p-2, -0x1.5d5bddf596000p-2, -0x1.57bf753c8d000p-2,
    -0x1.522ae0738a000p-2, -0x1.4c9e09e173000p-2, -0x1.4718dc271c800p-2, -0x1.419b423d5e800p-2,
    -0x1.3c25277333000p-2, -0x1.36b6776be1000p-2, -0x1.314f1e1d36000p-2, -0x1.2bef07cdc9000p-2,
    -0x1.269621134d800p-2, -0x1.214456d0eb800p-2, -0x1.1bf99635a6800p-2, -0x1.16b5ccbacf800p-2,
    -0x1.1178e8227e800p-2, -0x1.0c42d67616000p-2, -0x1.07138604d5800p-2, -0x1.01eae5626c800p-2,
    -0x1.f991c6cb3b000p-3, -0x1.ef5ade4dd0000p-3, -0x1.e530effe71000p-3, -0x1.db13db0d49000p-3,
    -0x1.d1037f2656000p-3, -0x1.c6ffbc6f01000p-3, -0x1.bd087383be000p-3, -0x1.b31d8575bd000p-3,
    -0x1.a93ed3c8ae000p-3, -0x1.9f6c407089000p-3, -0x1.95a5adcf70000p-3, -0x1.8beafeb390000p-3,
    -0x1.823c16551a000p-3, -0x1.7898d85445000p-3, -0x1.6f0128b757000p-3, -0x1.6574ebe8c1000p-3,
    -0x1.5bf406b544000p-3, -0x1.527e5e4a1b000p-3, -0x1.4913d8333b000p-3, -0x1.3fb45a5993000p-3,
    -0x1.365fcb0159000p-3, -0x1.2d1610c868000p-3, -0x1.23d712a49c000p-3, -0x1.1aa2b7e23f000p-3,
    -0x1.1178e8227e000p-3, -0x1.08598b59e4000p-3, -0x1.fe89139dbe000p-4, -0x1.ec739830a2000p-4,
    -0x1.da72763844000p-4, -0x1.c885801bc4000p-4, -0x1.b6ac88dad6000p-4, -0x1.a4e7640b1c000p-4,
    -0x1.9335e5d594000p-4, -0x1.8197e2f40e000p-4, -0x1.700d30aeac000p-4, -0x1.5e95a4d97a000p-4,
    -0x1.4d3115d208000p-4, -0x1.3bdf5a7d1e000p-4, -0x1.2aa04a4472000p-4, -0x1.1973bd1466000p-4,
    -0x1.08598b59e4000p-4, -0x1.eea31c006c000p-5, -0x1.ccb73cdddc000p-5, -0x1.aaef2d0fb0000p-5,
    -0x1.894aa149fc000p-5, -0x1.67c94f2d4c000p-5, -0x1.466aed42e0000p-5, -0x1.252f32f8d0000p-5,
    -0x1.0415d89e74000p-5, -0x1.c63d2ec148000p-6, -0x1.8492528c90000p-6, -0x1.432a925980000p-6,
    -0x1.0205658938000p-6, -0x1.82448a3890000p-7, -0x1.0101575890000p-7, -0x1.0080559580000p-8,
    0x0.0p+0, 0x1.fe02a6b100000p-8, 0x1.fc0a8b0fc0000p-7, 0x1.7b91b07d58000p-6,
    0x1.f829b0e780000p-6, 0x1.39e87b9fec000p-5, 0x1.77458f632c000p-5, 0x1.b42dd71198000p-5,
    0x1.f0a30c0118000p-5, 0x1.16536eea38000p-4, 0x1.341d7961be000p-4, 0x1.51b073f062000p-4,
    0x1.6f0d28ae56000p-4, 0x1.8c345d631a000p-4, 0x1.a926d3a4ae000p-4, 0x1.c5e548f5bc000p-4,
    0x1.e27076e2b0000p-4, 0x1.fec9131dbe000p-4, 0x1.0d77e7cd09000p-3, 0x1.1b72ad52f6000p-3,
    0x1.29552f81ff000p-3, 0x1.371fc201e9000p-3, 0x1.44d2b6ccb8000p-3, 0x1.526e5e3a1b000p-3,
    0x1.5ff3070a79000p-3, 0x1.6d60fe719d000p-3, 0x1.7ab890210e000p-3, 0x1.87fa06520d000p-3,
    0x1.9525a9cf45000p-3, 0x1.a23bc1fe2b000p-3, 0x1.af3c94e80c000p-3, 0x1.bc286742d9000p-3,
    0x1.c8ff7c79aa000p-3, 0x1.d5c216b4fc000p-3, 0x1.e27076e2af000p-3, 0x1.ef0adcbdc6000p-3,
    0x1.fb9186d5e4000p-3, 0x1.0402594b4d000p-2, 0x1.0a324e2739000p-2, 0x1.1058bf9ae4800p-2,
    0x1.1675cababa800p-2, 0x1.1c898c1699800p-2, 0x1.22941fbcf7800p-2, 0x1.2895a13de8800p-2,
    0x1.2e8e2bae12000p-2, 0x1.347dd9a988000p-2, 0x1.3a64c55694800p-2, 0x1.404308686a800p-2,
};
static const double sk_log_tlo[128] = {
    0x1.71c90c812566ap-45, -0x1.9ebfd2efd1778p-45, -0x1.d870949dc60b3p-45, -0x1.72aa57c222d87p-46,
    -0x1.0a6532756eba0p-45, 0x1.dbc23e731ae00p-45, 0x1.9de2a08a465dcp-47, -0x1.fadadee5d40efp-46,
    -0x1.eba708164c759p-45, 0x1.e18891b0ad8a4p-45, 0x1.f1c4e0967d675p-45, -0x1.8c2b6ec90e09dp-47,
    -0x1.83454b606bd5cp-46, -0x1.15ecdb0f177c8p-46, 0x1.8e5bad3213cb8p-45, -0x1.aa5ba4a5004f4p-45,
    -0x1.c8bc1df5bb3b6p-45, -0x1.a9d5eba46baeap-47, -0x1.ca42d5147bdb7p-45, -0x1.b9aadf7a51681p-45,
    0x1.c2c8e63a5f01cp-45, -0x1.70d4b163ceae9p-45, -0x1.8fedb16ed4e91p-48, 0x1.6ec4c1485e94ap-46,
    -0x1.bd1ecca0cdf30p-46, 0x1.ad11565bb8e11p-51, -0x1.282276041f430p-51, 0x1.afd8af715b035p-45,
    0x1.8527e75b6f6e4p-47, 0x1.1ed72c5962bd2p-48, 0x1.d5844595412b6p-45, 0x1.c510d4eace1aap-47,
    0x1.86a4350562169p-45, -0x1.98aad6865817ap-45, -0x1.8262858a0ff6fp-47, 0x1.71154aae92cd1p-47,
    -0x1.e02db9a631e83p-46, 0x1.c5f9070914305p-46, 0x1.51c4de59c21e1p-45, -0x1.9cb8b2c3c2e78p-46,
    0x1.28023eb68981cp-46, -0x1.633c8e5697dc7p-45, -0x1.58b7954fdb678p-45, 0x1.cd9d87e6a354dp-45,
    -0x1.46fa8234b7289p-51, -0x1.3d0eccb81b4a1p-47, -0x1.00aa38fd3df5cp-46, -0x1.ca56e44389934p-45,
    -0x1.1e778ce2d07f2p-45, 0x1.7e5fd7009902cp-45, 0x1.536d64fa10afdp-45, 0x1.db308afe645e0p-45,
    -0x1.a79401fa71733p-46, -0x1.63f51c65aacd3p-45, 0x1.38d002bf768e5p-46, 0x1.e4336b94407c8p-47,
    -0x1.30f5c3abd47dap-45, -0x1.f7edcf96ffdf7p-47, -0x1.d068da99ded32p-49, 0x1.c66a63c5d1d1ep-45,
    0x1.53e2582f4e1efp-48, -0x1.cbc3ea5db4ed7p-45, 0x1.0bd28ae9c697dp-45, 0x1.53ebd560d9e9bp-45,
    0x1.7e9dd7009902cp-46, 0x1.e10be4fc93b7bp-47, 0x1.a60f247d82807p-46, -0x1.1085a353bb42ep-45,
    0x1.96a95d05a267dp-46, 0x1.26afbec19afa2p-47, 0x1.c073375bdfd28p-45, -0x1.8401ae021b67bp-45,
    -0x1.101c05cf1d753p-47, -0x1.56b863f9eb2f3p-45, 0x1.a9dba325a0c34p-45, -0x1.97739928637fep-47,
    0x1.3e45b06e2f7d2p-45, 0x1.75f37da74f640p-45, 0x1.0cb6b999d2be8p-46, -0x1.164afcb31c67bp-45,
    0x0.0p+0, 0x1.9e63f0dda40e4p-46, 0x1.e1e7cf6d3a69cp-50, 0x1.892f493faa639p-45,
    0x1.97c267c7e09e4p-45, -0x1.4c2b7f526feaap-48, 0x1.cff0634f2a1eep-45, -0x1.c8d7ae5d6704cp-46,
    -0x1.d579e83368e91p-45, -0x1.472de768fa309p-46, -0x1.c609accf913dfp-45, -0x1.f115b61c65e57p-46,
    0x1.69bb7c93373dap-45, -0x1.375294d2f5668p-46, -0x1.53c75e85baac8p-45, 0x1.d0c97585fbe06p-46,
    -0x1.a2c2c2af0003cp-45, 0x1.577545ca333f2p-45, -0x1.a499688e85bf4p-47, 0x1.e86041811a396p-45,
    0x1.485301771c408p-45, -0x1.15f864d27543ap-48, -0x1.71f416135783cp-46, 0x1.0deab90075b8fp-45,
    0x1.eae439f105039p-46, 0x1.0dbaaa3b2e266p-46, -0x1.be51072534a58p-45, -0x1.bbd9f7fdbfa09p-45,
    0x1.ad6d904c1d4e3p-45, 0x1.58524dc46c1eap-45, -0x1.92e633fcd9066p-52, -0x1.95e30318bb78fp-46,
    -0x1.7814f689f8434p-45, -0x1.1b0d1bbca681bp-45, 0x1.73f4f543fff10p-46, -0x1.b2a179c86af24p-45,
    -0x1.d6b2aab993c87p-47, 0x1.037b89ef42d7fp-48, 0x1.c4dee7ef4030ep-47, 0x1.6a004fd055a66p-45,
    -0x1.f0fc63382a8f0p-46, 0x1.fb67c68e75404p-46, 0x1.65e242853da76p-46, -0x1.5ba14b6cfb03fp-46,
    -0x1.6791e99b72bd8p-45, -0x1.5522dd4c58092p-45, -0x1.0afc686519460p-45, -0x1.c3ef3ed820b3ap-50,
};
static const double sk_log_t[128] = {
    -0x1.7fafa3bd8151cp-2, -0x1.79e26687cfb3dp-2, -0x1.741d876c67bb1p-2, -0x1.6e60ee6af1973p-2,
    -0x1.68ac83e9c6a15p-2, -0x1.630030b3aac48p-2, -0x1.5d5bddf595f31p-2, -0x1.57bf753c8d1fbp-2,
    -0x1.522ae0738a3d7p-2, -0x1.4c9e09e172c3dp-2, -0x1.4718dc271c41cp-2, -0x1.419b423d5e8c6p-2,
    -0x1.3c25277333183p-2, -0x1.36b6776be1116p-2, -0x1.314f1e1d35ce3p-2, -0x1.2bef07cdc9355p-2,
    -0x1.269621134db91p-2, -0x1.214456d0eb8d5p-2, -0x1.1bf99635a6b95p-2, -0x1.16b5ccbacfb73p-2,
    -0x1.1178e8227e47ap-2, -0x1.0c42d676162e2p-2, -0x1.07138604d5864p-2, -0x1.01eae5626c691p-2,
    -0x1.f991c6cb3b37ap-3, -0x1.ef5ade4dcffe5p-3, -0x1.e530effe71013p-3, -0x1.db13db0d48941p-3,
    -0x1.d1037f2655e7bp-3, -0x1.c6ffbc6f00f71p-3, -0x1.bd087383bd8aap-3, -0x1.b31d8575bce3bp-3,
    -0x1.a93ed3c8ad9e5p-3, -0x1.9f6c407089663p-3, -0x1.95a5adcf70182p-3, -0x1.8beafeb38fe8fp-3,
    -0x1.823c16551a3c0p-3, -0x1.7898d85444c74p-3, -0x1.6f0128b756ab9p-3, -0x1.6574ebe8c1339p-3,
    -0x1.5bf406b543db0p-3, -0x1.527e5e4a1b58dp-3, -0x1.4913d8333b563p-3, -0x1.3fb45a59928cap-3,
    -0x1.365fcb0159014p-3, -0x1.2d1610c86813dp-3, -0x1.23d712a49c201p-3, -0x1.1aa2b7e23f729p-3,
    -0x1.1178e8227e47ap-3, -0x1.08598b59e3a07p-3, -0x1.fe89139dbd565p-4, -0x1.ec739830a1126p-4,
    -0x1.da7276384469ep-4, -0x1.c885801bc4b20p-4, -0x1.b6ac88dad5b1dp-4, -0x1.a4e7640b1bc38p-4,
    -0x1.9335e5d594988p-4, -0x1.8197e2f40e3f0p-4, -0x1.700d30aeac0e8p-4, -0x1.5e95a4d9791cdp-4,
    -0x1.4d3115d207eacp-4, -0x1.3bdf5a7d1ee5ep-4, -0x1.2aa04a44717a1p-4, -0x1.1973bd1465561p-4,
    -0x1.08598b59e3a06p-4, -0x1.eea31c006b87cp-5, -0x1.ccb73cdddb2d0p-5, -0x1.aaef2d0fb1108p-5,
    -0x1.894aa149fb34bp-5, -0x1.67c94f2d4bb65p-5, -0x1.466aed42de3f9p-5, -0x1.252f32f8d1840p-5,
    -0x1.0415d89e74440p-5, -0x1.c63d2ec14aad7p-6, -0x1.8492528c8cac5p-6, -0x1.432a925980cbcp-6,
    -0x1.0205658935837p-6, -0x1.82448a388a283p-7, -0x1.010157588de69p-7, -0x1.0080559588b25p-8,
    0x0.0p+0, 0x1.fe02a6b106799p-8, 0x1.fc0a8b0fc03c4p-7, 0x1.7b91b07d5b126p-6,
    0x1.f829b0e7832f8p-6, 0x1.39e87b9febd68p-5, 0x1.77458f632dcffp-5, 0x1.b42dd711971b9p-5,
    0x1.f0a30c01162a8p-5, 0x1.16536eea37ae3p-4, 0x1.341d7961bd1d0p-4, 0x1.51b073f06183cp-4,
    0x1.6f0d28ae56b4ep-4, 0x1.8c345d6319b23p-4, 0x1.a926d3a4ad562p-4, 0x1.c5e548f5bc743p-4,
    0x1.e27076e2af2eap-4, 0x1.fec9131dbeabcp-4, 0x1.0d77e7cd08e5bp-3, 0x1.1b72ad52f67a2p-3,
    0x1.29552f81ff521p-3, 0x1.371fc201e8f75p-3, 0x1.44d2b6ccb7d1cp-3, 0x1.526e5e3a1b438p-3,
    0x1.5ff3070a793d6p-3, 0x1.6d60fe719d21bp-3, 0x1.7ab890210d907p-3, 0x1.87fa06520c911p-3,
    0x1.9525a9cf456b6p-3, 0x1.a23bc1fe2b561p-3, 0x1.af3c94e80bff3p-3, 0x1.bc286742d8cd4p-3,
    0x1.c8ff7c79a9a20p-3, 0x1.d5c216b4fbb94p-3, 0x1.e27076e2af2e8p-3, 0x1.ef0adcbdc5935p-3,
    0x1.fb9186d5e3e29p-3, 0x1.0402594b4d041p-2, 0x1.0a324e27390e2p-2, 0x1.1058bf9ae4ad4p-2,
    0x1.1675cababa60fp-2, 0x1.1c898c16999fbp-2, 0x1.22941fbcf7966p-2, 0x1.2895a13de86a4p-2,
    0x1.2e8e2bae11d31p-2, 0x1.347dd9a987d56p-2, 0x1.3a64c556945eap-2, 0x1.404308686a7e4p-2,
};

#define SK_LOG_OFF_BITS 0x3fe5f00000000000ULL
#define SK_LOG_LN2 0x1.62e42fefa39efp-1
#define SK_LOG_LN2_HI 0x1.62e42fefa3800p-1 /* a multiple of 2^-43 */
#define SK_LOG_LN2_LO 0x1.ef35793c76730p-45

/* table[idx[i]] for a 128-entry float64 table (idx in 0..127). */
#if defined(SK_TARGET_AVX512)
SK_INLINE vf64 sk_log_gather(const double *table, vi64 idx) {
    return (vf64)_mm512_i64gather_pd((__m512i)idx, table, 8);
}
#elif defined(SK_TARGET_AVX2)
SK_INLINE vf64 sk_log_gather(const double *table, vi64 idx) {
    return (vf64)_mm256_i64gather_pd(table, (__m256i)idx, 8);
}
#else
SK_INLINE vf64 sk_log_gather(const double *table, vi64 idx) {
    vf64 r = {0};
    for (int i = 0; i < SK_VL64; i++) r[i] = table[idx[i]];
    return r;
}
#endif

/*
 * The reduction of a positive normal finite x: the table index, k as a
 * double (through the exponent field of 2^52 + k + 1023, as AVX2 has no
 * int64 -> double conversion) and z.  Other lanes give garbage in range.
 */
SK_INLINE vi64 sk_log_reduce(vf64 x, vf64 *kd, vf64 *z) {
    vu64 ix = (vu64)sk_bits(x);
    vu64 tmp = ix - SK_LOG_OFF_BITS;
    vu64 kb = (tmp + (0x3ffULL << 52)) >> 52; /* k + 1023 */
    *kd = (vf64)(kb | 0x4330000000000000ULL) - SK_SPLAT(x, 0x1p52 + 1023);
    *z = (vf64)(ix - (tmp & 0xfff0000000000000ULL));
    return (vi64)((tmp >> 45) & 127);
}

/*
 * log(x + xlo) as hi + *lo (|*lo| below an ULP or so of hi), for a positive
 * normal finite x; xlo is a tail below an ULP of x (0 for log) and kx adds
 * to k (for scaled subnormals).
 */
SK_INLINE vf64 sk_log_parts_f64(vf64 x, vf64 xlo, vf64 kx, int tail, vf64 *lo) {
    vf64 kd, z;
    vi64 i = sk_log_reduce(x, &kd, &z);
    vf64 c = sk_log_gather(sk_log_invc, i);
    vf64 ph = z * c;
    vf64 rl = skv_fma(z, c, -ph);
    if (tail) {
        /* z's tail xlo 2^-k; 2^-k has 1023 - k in its exponent field */
        vf64 scale = (vf64)((vu64)sk_bits(SK_SPLAT(x, 0x1p52 + 1023) - kd) << 52);
        rl = skv_fma(xlo * scale, c, rl);
    }
    kd += kx;
    vf64 r = ph - SK_SPLAT(x, 1.0); /* exact: ph in [0.99, 1.01] */
    vf64 w = skv_fma(kd, SK_SPLAT(x, SK_LOG_LN2_HI), sk_log_gather(sk_log_thi, i)); /* exact */
    vf64 hi = w + r;
    vf64 e = (w - hi) + r; /* exact: |w| >= |r| unless w = 0 */
    vf64 q = skv_fma(r, SK_SPLAT(x, 1.0 / 7), SK_SPLAT(x, -1.0 / 6));
    q = skv_fma(r, q, SK_SPLAT(x, 0.2));
    q = skv_fma(r, q, SK_SPLAT(x, -0.25));
    q = skv_fma(r, q, SK_SPLAT(x, 1.0 / 3));
    q = skv_fma(r, q, SK_SPLAT(x, -0.5));
    vf64 t = skv_fma(kd, SK_SPLAT(x, SK_LOG_LN2_LO), sk_log_gather(sk_log_tlo, i));
    /* log1p(r + rl) = log1p(r) + rl (1 - r) + O(rl r^2) */
    vf64 l = skv_fma(r * r, q, skv_fma(-rl, r, rl) + (e + t));
    vf64 h = hi + l;
    *lo = (hi - h) + l;
    return h;
}

/* Constants of log2 and log10 as double words: 1/ln2, 1/ln10. */
#define SK_LOG_INV_LN2_HI 0x1.71547652b82fep+0
#define SK_LOG_INV_LN2_LO 0x1.777d0ffda0d24p-56
#define SK_LOG_INV_LN10_HI 0x1.bcb7b1526e50ep-2
#define SK_LOG_INV_LN10_LO 0x1.95355baaafad3p-57

/* (hi + lo) (ch + cl), rounded once at the end. */
SK_INLINE vf64 sk_log_scale_dd(vf64 hi, vf64 lo, double ch, double cl) {
    vf64 p = hi * SK_SPLAT(hi, ch);
    vf64 e = skv_fma(hi, SK_SPLAT(hi, ch), -p);
    return p + (e + skv_fma(hi, SK_SPLAT(hi, cl), lo * SK_SPLAT(hi, ch)));
}

/*
 * log, log2 (which = 1), log10 (which = 2) of every float64 x: subnormals
 * are scaled by 2^52 first; zero gives -inf, negatives NaN, +inf and NaN
 * themselves (flags are the callers').
 */
SK_INLINE vf64 sk_logn_table_f64(vf64 x, int which) {
    vf64 kx = SK_SPLAT(x, 0.0);
    vf64 xs = x;
    SK_MASK_T(x) odd = ~((x >= SK_MIN_NORMAL(x)) & (x < SK_INF(x)));
    int any_odd = sk_any(odd);
    if (__builtin_expect(any_odd, 0)) {
        SK_MASK_T(x) sub = (x < SK_MIN_NORMAL(x)) & (x > SK_SPLAT(x, 0.0));
        xs = SK_SELECT(sub, x * SK_SPLAT(x, 0x1p52), SK_SELECT(odd, SK_SPLAT(x, 1.0), x));
        kx = SK_SELECT(sub, SK_SPLAT(x, -52.0), kx);
    }
    vf64 lo;
    vf64 hi = sk_log_parts_f64(xs, SK_SPLAT(x, 0.0), kx, 0, &lo);
    vf64 y = which == 0 ? hi
             : which == 1 ? sk_log_scale_dd(hi, lo, SK_LOG_INV_LN2_HI, SK_LOG_INV_LN2_LO)
                          : sk_log_scale_dd(hi, lo, SK_LOG_INV_LN10_HI, SK_LOG_INV_LN10_LO);
    if (__builtin_expect(any_odd, 0)) {
        vf64 s = SK_SELECT(x == SK_SPLAT(x, 0.0), -SK_INF(x),
                           SK_SELECT(x < SK_SPLAT(x, 0.0), SK_SPLAT(x, __builtin_nan("")), x));
        SK_MASK_T(x) special = ~(x > SK_SPLAT(x, 0.0)) | (x == SK_INF(x)) | (x != x);
        y = SK_SELECT(special, s, y);
    }
    return y;
}

/*
 * log1p of float64 x, for |x| <= 2^60 (callers take log(x) above): 1 + x as
 * u + ulo exactly (two-sum), log(u + ulo) from the core; below 2^-20 the
 * Taylor polynomial x - x^2/2 + x^3/3 - x^4/4 (2^-62 relative).
 */
SK_INLINE vf64 sk_log1p_table_f64(vf64 x) {
    vf64 one = SK_SPLAT(x, 1.0);
    vf64 u = one + x;
    vf64 bv = u - one;
    vf64 ulo = (one - (u - bv)) + (x - bv);
    SK_MASK_T(x) odd = ~((u > SK_SPLAT(x, 0.0)) & (u < SK_INF(x)));
    int any_odd = sk_any(odd);
    if (__builtin_expect(any_odd, 0)) {
        u = SK_SELECT(odd, one, u);
        ulo = SK_SELECT(odd, SK_SPLAT(x, 0.0), ulo);
    }
    vf64 lo;
    vf64 y = sk_log_parts_f64(u, ulo, SK_SPLAT(x, 0.0), 1, &lo);
    vf64 q = skv_fma(x, SK_SPLAT(x, -0.25), SK_SPLAT(x, 1.0 / 3));
    q = skv_fma(x, q, SK_SPLAT(x, -0.5));
    y = SK_SELECT(SK_ABS(x) < SK_SPLAT(x, 0x1p-20), skv_fma(x * x, q, x), y);
    if (__builtin_expect(any_odd, 0)) {
        vf64 m1 = SK_SPLAT(x, -1.0);
        vf64 s = SK_SELECT(x == m1, -SK_INF(x), SK_SELECT(x < m1, SK_SPLAT(x, __builtin_nan("")), x));
        y = SK_SELECT(odd, s, y);
    }
    return y;
}

/* ----- float32 ------------------------------------------------------------ */
/*
 * The same in float32 arithmetic (16 lanes a vector, where a float64 path
 * would have 8): z in [0.703125, 1.40625), 16 intervals (the one holding 1
 * is [1 - 2^-6, 1 + 2^-5), c = 1), |r| <= 2^-5, -log(c) as hi (a multiple
 * of 2^-15) + lo, log1p(r) - r = r^2 (-1/2 + r/3 - r^2/4 + r^3/5 - r^4/6)
 * (truncation 2^-32 relative), z c carried exactly and one final rounding:
 * about 0.5 ULP plus 2^-6.
 */
static const float sk_logf_invc[16] = {
    0x1.642c86p+0f, 0x1.555556p+0f, 0x1.47ae14p+0f, 0x1.3b13b2p+0f,
    0x1.2f684cp+0f, 0x1.24924ap+0f, 0x1.1a7b96p+0f, 0x1.111112p+0f,
    0x1.08421p+0f, 0x1.0p+0f, 0x1.e1e1e2p-1f, 0x1.c71c72p-1f,
    0x1.af286cp-1f, 0x1.99999ap-1f, 0x1.861862p-1f, 0x1.745d18p-1f,
};
static const float sk_logf_thi[16] = {
    -0x1.5228p-2f, -0x1.2698p-2f, -0x1.f99p-3f, -0x1.a94p-3f,
    -0x1.5bfp-3f, -0x1.118p-3f, -0x1.934p-4f, -0x1.086p-4f,
    -0x1.04p-5f, 0x0.0p+0f, 0x1.f0cp-5f, 0x1.e28p-4f,
    0x1.5ffp-3f, 0x1.c9p-3f, 0x1.1678p-2f, 0x1.4618p-2f,
};
static const float sk_logf_tlo[16] = {
    -0x1.70d9c6p-17f, 0x1.dcecb2p-18f, -0x1.c3cb3cp-19f, 0x1.273752p-19f,
    -0x1.01ed5p-17f, 0x1.c4776p-17f, 0x1.43654ep-17f, 0x1.99a988p-18f,
    -0x1.5c89e8p-17f, 0x0.0p+0f, -0x1.cf5feep-17f, -0x1.f163aap-17f,
    0x1.83053cp-18f, -0x1.0b0cacp-20f, -0x1.1b42a2p-17f, 0x1.74438cp-19f,
};
#define SK_LOGF_OFF_BITS 0x3f340000
#define SK_LOGF_LN2_HI 0x1.62e4p-1f /* a multiple of 2^-15 */
#define SK_LOGF_LN2_LO 0x1.7f7d1cp-20f
#define SK_LOGF_INV_LN2_HI 0x1.715476p+0f
#define SK_LOGF_INV_LN2_LO 0x1.4ae0cp-26f
#define SK_LOGF_INV_LN10_HI 0x1.bcb7b2p-2f
#define SK_LOGF_INV_LN10_LO -0x1.5b235ep-27f

/* log(x + xlo) as hi + *lo (as sk_log_parts_f64), x positive normal. */
SK_INLINE vf32 sk_log_parts_f32(vf32 x, vf32 xlo, vf32 kx, int tail, vf32 *lo) {
    vi32 ix = sk_bits(x);
    vi32 tmp = (vi32)((vu32)ix - SK_LOGF_OFF_BITS);
    vi32 i = (tmp >> 19) & 15;
    vi32 k = tmp >> 23; /* arithmetic */
    vf32 z = (vf32)((vu32)ix - ((vu32)tmp & 0xff800000u));
    vf32 c = sk_lookup16_f32(sk_logf_invc, i);
    vf32 ph = z * c;
    vf32 rl = skv_fma(z, c, -ph);
    if (tail) {
        vf32 scale = (vf32)((vu32)(127 - k) << 23); /* 2^-k */
        rl = skv_fma(xlo * scale, c, rl);
    }
    vf32 kd = __builtin_convertvector(k, vf32) + kx;
    vf32 r = ph - SK_SPLAT(x, 1.0f); /* exact */
    vf32 w = skv_fma(kd, SK_SPLAT(x, SK_LOGF_LN2_HI), sk_lookup16_f32(sk_logf_thi, i)); /* exact */
    vf32 hi = w + r;
    vf32 e = (w - hi) + r;
    vf32 q = skv_fma(r, SK_SPLAT(x, -1.0f / 6), SK_SPLAT(x, 0.2f));
    q = skv_fma(r, q, SK_SPLAT(x, -0.25f));
    q = skv_fma(r, q, SK_SPLAT(x, 1.0f / 3));
    q = skv_fma(r, q, SK_SPLAT(x, -0.5f));
    vf32 t = skv_fma(kd, SK_SPLAT(x, SK_LOGF_LN2_LO), sk_lookup16_f32(sk_logf_tlo, i));
    vf32 l = skv_fma(r * r, q, skv_fma(-rl, r, rl) + (e + t));
    vf32 h = hi + l;
    *lo = (hi - h) + l;
    return h;
}

SK_INLINE vf32 sk_logf_scale_dd(vf32 hi, vf32 lo, float ch, float cl) {
    vf32 p = hi * SK_SPLAT(hi, ch);
    vf32 e = skv_fma(hi, SK_SPLAT(hi, ch), -p);
    return p + (e + skv_fma(hi, SK_SPLAT(hi, cl), lo * SK_SPLAT(hi, ch)));
}

/* log, log2, log10 (which = 0, 1, 2) of every float32 x, as float64's. */
SK_INLINE vf32 sk_logn_table_f32(vf32 x, int which) {
    vf32 kx = SK_SPLAT(x, 0.0f);
    vf32 xs = x;
    SK_MASK_T(x) odd = ~((x >= SK_MIN_NORMAL(x)) & (x < SK_INF(x)));
    int any_odd = sk_any(odd);
    if (__builtin_expect(any_odd, 0)) {
        SK_MASK_T(x) sub = (x < SK_MIN_NORMAL(x)) & (x > SK_SPLAT(x, 0.0f));
        xs = SK_SELECT(sub, x * SK_SPLAT(x, 0x1p23f), SK_SELECT(odd, SK_SPLAT(x, 1.0f), x));
        kx = SK_SELECT(sub, SK_SPLAT(x, -23.0f), kx);
    }
    vf32 lo;
    vf32 hi = sk_log_parts_f32(xs, SK_SPLAT(x, 0.0f), kx, 0, &lo);
    vf32 y = which == 0 ? hi
             : which == 1 ? sk_logf_scale_dd(hi, lo, SK_LOGF_INV_LN2_HI, SK_LOGF_INV_LN2_LO)
                          : sk_logf_scale_dd(hi, lo, SK_LOGF_INV_LN10_HI, SK_LOGF_INV_LN10_LO);
    if (__builtin_expect(any_odd, 0)) {
        vf32 s = SK_SELECT(x == SK_SPLAT(x, 0.0f), -SK_INF(x),
                           SK_SELECT(x < SK_SPLAT(x, 0.0f), SK_SPLAT(x, __builtin_nanf("")), x));
        SK_MASK_T(x) special = ~(x > SK_SPLAT(x, 0.0f)) | (x == SK_INF(x)) | (x != x);
        y = SK_SELECT(special, s, y);
    }
    return y;
}

/*
 * log1p of float32 x for 2^-25 <= |x| <= 2^60 (callers serve the rest), as
 * the float64 one; the Taylor polynomial below 2^-10 (2^-42 relative).
 */
SK_INLINE vf32 sk_log1p_table_f32(vf32 x) {
    vf32 one = SK_SPLAT(x, 1.0f);
    vf32 u = one + x;
    vf32 bv = u - one;
    vf32 ulo = (one - (u - bv)) + (x - bv);
    SK_MASK_T(x) odd = ~((u > SK_SPLAT(x, 0.0f)) & (u < SK_INF(x)));
    int any_odd = sk_any(odd);
    if (__builtin_expect(any_odd, 0)) {
        u = SK_SELECT(odd, one, u);
        ulo = SK_SELECT(odd, SK_SPLAT(x, 0.0f), ulo);
    }
    vf32 lo;
    vf32 y = sk_log_parts_f32(u, ulo, SK_SPLAT(x, 0.0f), 1, &lo);
    vf32 q = skv_fma(x, SK_SPLAT(x, -0.25f), SK_SPLAT(x, 1.0f / 3));
    q = skv_fma(x, q, SK_SPLAT(x, -0.5f));
    y = SK_SELECT(SK_ABS(x) < SK_SPLAT(x, 0x1p-10f), skv_fma(x * x, q, x), y);
    if (__builtin_expect(any_odd, 0)) {
        vf32 m1 = SK_SPLAT(x, -1.0f);
        vf32 s = SK_SELECT(x == m1, -SK_INF(x), SK_SELECT(x < m1, SK_SPLAT(x, __builtin_nanf("")), x));
        y = SK_SELECT(odd, s, y);
    }
    return y;
}

/*
 * The functions by element type: the table code where fma is available,
 * SLEEF's u10 elsewhere (the reduction's products need one rounding).
 */
#if SK_HAVE_FMA
SK_INLINE vf64 sk_log_t64(vf64 x) { return sk_logn_table_f64(x, 0); }
SK_INLINE vf64 sk_log2_t64(vf64 x) { return sk_logn_table_f64(x, 1); }
SK_INLINE vf64 sk_log10_t64(vf64 x) { return sk_logn_table_f64(x, 2); }
SK_INLINE vf64 sk_log1p_t64(vf64 x) { return sk_log1p_table_f64(x); }
SK_INLINE vf32 sk_log_t32(vf32 x) { return sk_logn_table_f32(x, 0); }
SK_INLINE vf32 sk_log2_t32(vf32 x) { return sk_logn_table_f32(x, 1); }
SK_INLINE vf32 sk_log10_t32(vf32 x) { return sk_logn_table_f32(x, 2); }
SK_INLINE vf32 sk_log1p_t32(vf32 x) { return sk_log1p_table_f32(x); }
#else
#  define sk_log_t64 sk_log_v64
#  define sk_log2_t64 sk_log2_v64
#  define sk_log10_t64 sk_log10_v64
#  define sk_log1p_t64 sk_log1p_v64
#  define sk_log_t32 sk_log_v32
#  define sk_log2_t32 sk_log2_v32
#  define sk_log10_t32 sk_log10_v32
#  define sk_log1p_t32 sk_log1p_v32
#endif
#define sk_tlog(x) _Generic((x), vf64: sk_log_t64, vf32: sk_log_t32)(x)
#define sk_tlog2(x) _Generic((x), vf64: sk_log2_t64, vf32: sk_log2_t32)(x)
#define sk_tlog10(x) _Generic((x), vf64: sk_log10_t64, vf32: sk_log10_t32)(x)
#define sk_tlog1p(x) _Generic((x), vf64: sk_log1p_t64, vf32: sk_log1p_t32)(x)

#endif /* SK_VLOG_H */
