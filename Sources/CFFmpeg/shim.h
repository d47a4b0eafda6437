// The FFmpeg headers actone uses, plus inline functions for the macros and version-dependent
// accessors Swift cannot import. Keep this file small: everything else is wrapped in MediaIO.
#ifndef ACTONE_CFFMPEG_SHIM_H
#define ACTONE_CFFMPEG_SHIM_H

#include <libavdevice/avdevice.h>
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
#include <libavutil/display.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
#include <stdio.h>
#include <string.h>

// FFmpeg 6.1 moved stream side data into codecpar->coded_side_data.
#define ACTONE_CODECPAR_SIDE_DATA (LIBAVCODEC_VERSION_INT >= AV_VERSION_INT(60, 31, 102))

/// AVERROR(e) and friends, which are macros in C.
static inline int actone_averror(int posix) { return AVERROR(posix); }
static inline int actone_averror_eof(void) { return AVERROR_EOF; }
static inline int actone_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int64_t actone_nopts_value(void) { return AV_NOPTS_VALUE; }
static inline int actone_time_base(void) { return AV_TIME_BASE; }

/// av_err2str without the compound literal: writes FFmpeg's message for `code` into `buffer`.
static inline void actone_error_string(int code, char *buffer, size_t size) {
    if (av_strerror(code, buffer, size) < 0) {
        snprintf(buffer, size, "FFmpeg error %d", code);
    }
}

/// The stream's display matrix (9 int32 values, 16.16 fixed point), or NULL when it has none.
static inline const int32_t *actone_stream_display_matrix(const AVStream *stream) {
#if ACTONE_CODECPAR_SIDE_DATA
    const AVPacketSideData *side = av_packet_side_data_get(stream->codecpar->coded_side_data,
                                                           stream->codecpar->nb_coded_side_data,
                                                           AV_PKT_DATA_DISPLAYMATRIX);
    if (side == NULL || side->size < 9 * sizeof(int32_t)) return NULL;
    return (const int32_t *)side->data;
#else
    size_t size = 0;
    const uint8_t *data = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
    if (data == NULL || size < 9 * sizeof(int32_t)) return NULL;
    return (const int32_t *)data;
#endif
}

/// Attaches a display matrix that turns the picture `clockwise_degrees` for display.
/// Returns 0 or a negative AVERROR.
static inline int actone_stream_set_rotation(AVStream *stream, double clockwise_degrees) {
    int32_t matrix[9];
    // Unlike av_display_rotation_get, which returns a counterclockwise angle,
    // av_display_rotation_set takes a clockwise one.
    av_display_rotation_set(matrix, clockwise_degrees);
#if ACTONE_CODECPAR_SIDE_DATA
    AVPacketSideData *side = av_packet_side_data_new(&stream->codecpar->coded_side_data,
                                                     &stream->codecpar->nb_coded_side_data,
                                                     AV_PKT_DATA_DISPLAYMATRIX, sizeof(matrix), 0);
    if (side == NULL) return AVERROR(ENOMEM);
    memcpy(side->data, matrix, sizeof(matrix));
#else
    uint8_t *data = av_stream_new_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, sizeof(matrix));
    if (data == NULL) return AVERROR(ENOMEM);
    memcpy(data, matrix, sizeof(matrix));
#endif
    return 0;
}

/// A get_buffer2 that refuses a picture of more pixels than the limit kept in the context's
/// `opaque` field, before its memory is allocated. The decoder has read the picture's header by
/// then, so its size stays in the context for the message.
static int actone_get_buffer_within_limit(struct AVCodecContext *context, AVFrame *frame, int flags) {
    int64_t limit = (int64_t)(intptr_t)context->opaque;
    if (limit > 0 && (int64_t)frame->width * frame->height > limit) return AVERROR(ERANGE);
    return avcodec_default_get_buffer2(context, frame, flags);
}

/// Makes a decoder refuse pictures of more than `pixels` pixels (actone_get_buffer_within_limit).
static inline void actone_limit_decoded_pixels(AVCodecContext *context, int64_t pixels) {
    context->opaque = (void *)(intptr_t)pixels;
    context->get_buffer2 = actone_get_buffer_within_limit;
}

/// Whether a pixel format carries an alpha channel.
static inline int actone_pix_fmt_has_alpha(enum AVPixelFormat format) {
    const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(format);
    return desc != NULL && (desc->flags & AV_PIX_FMT_FLAG_ALPHA) != 0;
}

/// Sets the YUV<->RGB matrix and ranges of a swscale context. `colorspace` is an AVColorSpace
/// value (BT.709, BT.601, BT.2020 ...), which sws_getCoefficients accepts directly; the RGB
/// side is always full range.
static inline void actone_sws_set_colorspace(struct SwsContext *context, int colorspace,
                                             int yuv_full_range, int yuv_is_source) {
    const int *coefficients = sws_getCoefficients(colorspace);
    if (yuv_is_source) {
        sws_setColorspaceDetails(context, coefficients, yuv_full_range, coefficients, 1, 0, 1 << 16, 1 << 16);
    } else {
        sws_setColorspaceDetails(context, coefficients, 1, coefficients, yuv_full_range, 0, 1 << 16, 1 << 16);
    }
}

/// Flag macros.
static inline int actone_thread_frame_and_slice(void) { return FF_THREAD_FRAME | FF_THREAD_SLICE; }
static inline int actone_codec_flag_global_header(void) { return AV_CODEC_FLAG_GLOBAL_HEADER; }
static inline int actone_fmt_globalheader(void) { return AVFMT_GLOBALHEADER; }
static inline int actone_disposition_attached_pic(void) { return AV_DISPOSITION_ATTACHED_PIC; }
/// swscale flags for YUV -> RGB. Not SWS_FULL_CHR_H_INT: its chroma siting is off by a sample
/// (colour bleeds across edges); plain bilinear matches what the ffmpeg CLI and players show.
static inline int actone_sws_decode_flags(void) { return SWS_BILINEAR; }
static inline int actone_sws_accurate_rnd(void) { return SWS_ACCURATE_RND; }
/// swscale flags for RGB -> YUV: filter all RGB samples into the chroma, with accurate rounding.
static inline int actone_sws_encode_flags(void) { return SWS_BILINEAR | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INP; }
static inline int actone_avio_flag_write(void) { return AVIO_FLAG_WRITE; }
/// A fixed quantiser (JPEG's quality): the flag, and the factor from a quantiser to FFmpeg's lambda.
static inline int actone_codec_flag_qscale(void) { return AV_CODEC_FLAG_QSCALE; }
static inline int actone_qp2lambda(void) { return FF_QP2LAMBDA; }

/// An interrupt flag FFmpeg's blocking calls poll (AVIOInterruptCB): a read waiting for a
/// camera or a network stream returns AVERROR_EXIT once another thread has raised it.
static int actone_interrupt_requested(void *flag) { return __atomic_load_n((int *)flag, __ATOMIC_ACQUIRE); }
static inline void actone_interrupt_raise(int *flag) { __atomic_store_n(flag, 1, __ATOMIC_RELEASE); }
static inline AVIOInterruptCB actone_interrupt_callback(int *flag) {
    AVIOInterruptCB callback = {actone_interrupt_requested, flag};
    return callback;
}
static inline int actone_averror_exit(void) { return AVERROR_EXIT; }

#endif
