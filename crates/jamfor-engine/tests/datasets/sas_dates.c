/*
 * Writes two small SAS datasets with dates, for the engine's tests (tests/datasets.rs):
 *
 * - insatser_datum.sas7bdat: a register extract whose dates carry SAS date formats (FODD and
 *   AVSLUT DATE9., BESLUT YYMMDD10.) and whose REGISTRERAD carries DATETIME20.
 * - insatser_datum_fel.sas7bdat: the same rows, but BESLUT with the plain number format BEST12.,
 *   as a dataset is after a step that lost the format: the day numbers are only numbers.
 *
 * The ReadStat command line converts other files to SAS datasets without their formats, so these
 * are written with ReadStat's writer API directly. Build and run (make.py does this):
 *
 *     gcc sas_dates.c -lreadstat -o sas_dates && ./sas_dates OUTDIR
 */

#define _DEFAULT_SOURCE /* for timegm */
#include <readstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* SAS counts dates in days and date-times in seconds from 1960-01-01 00:00:00. */
#define SECONDS_PER_DAY 86400.0

/* Days from 1960-01-01 to y-m-d, negative before 1960. Counted by the C library's calendar (in
 * UTC, so no time zone moves a day), not by arithmetic like the engine's own. */
static long sas_date(int y, int m, int d) {
    struct tm day = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
    return (long)(timegm(&day) / 86400) + 3653; /* 1960-01-01 is 3653 days before 1970-01-01 */
}

static double sas_datetime(int y, int m, int d, double hh, double mm, double ss) {
    return sas_date(y, m, d) * SECONDS_PER_DAY + hh * 3600 + mm * 60 + ss;
}

/* Stand-ins for SAS's missing value `.` and its special missing value `.A`. */
#define MISSING (-1e300)
#define MISSING_A (-2e300)

struct row {
    const char *lopnr;
    double kommun;
    double fodd, beslut, avslut, registrerad;
};

static ssize_t write_bytes(const void *data, size_t len, void *ctx) {
    return fwrite(data, 1, len, (FILE *)ctx) == len ? (ssize_t)len : -1;
}

static void check(readstat_error_t error, const char *what) {
    if (error != READSTAT_OK) {
        fprintf(stderr, "%s: %s\n", what, readstat_error_message(error));
        exit(1);
    }
}

static void insert(readstat_writer_t *writer, readstat_variable_t *variable, double value) {
    if (value == MISSING) {
        check(readstat_insert_missing_value(writer, variable), "missing value");
    } else if (value == MISSING_A) {
        check(readstat_insert_tagged_missing_value(writer, variable, 'A'), "special missing");
    } else {
        check(readstat_insert_double_value(writer, variable, value), "number");
    }
}

static void write_dataset(const char *dir, const char *name, const char *beslut_format,
                          const struct row *rows, long count) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *out = fopen(path, "wb");
    if (!out) {
        perror(path);
        exit(1);
    }
    readstat_writer_t *writer = readstat_writer_init();
    check(readstat_set_data_writer(writer, write_bytes), "data writer");
    /* A fixed creation time, so that running this again writes the same bytes. */
    check(readstat_writer_set_file_timestamp(writer, 1672531200), "timestamp");

    readstat_variable_t *lopnr = readstat_add_variable(writer, "LOPNR", READSTAT_TYPE_STRING, 8);
    /* Like insatser.sas7bdat: a kommun code stored as a number without a format. */
    readstat_variable_t *kommun = readstat_add_variable(writer, "KOMMUN", READSTAT_TYPE_DOUBLE, 8);
    readstat_variable_t *fodd = readstat_add_variable(writer, "FODD", READSTAT_TYPE_DOUBLE, 8);
    readstat_variable_set_format(fodd, "DATE9.");
    readstat_variable_t *beslut = readstat_add_variable(writer, "BESLUT", READSTAT_TYPE_DOUBLE, 8);
    readstat_variable_set_format(beslut, beslut_format);
    readstat_variable_t *avslut = readstat_add_variable(writer, "AVSLUT", READSTAT_TYPE_DOUBLE, 8);
    readstat_variable_set_format(avslut, "DATE9.");
    readstat_variable_t *registrerad =
        readstat_add_variable(writer, "REGISTRERAD", READSTAT_TYPE_DOUBLE, 8);
    readstat_variable_set_format(registrerad, "DATETIME20.");

    check(readstat_begin_writing_sas7bdat(writer, out, count), name);
    for (long i = 0; i < count; i++) {
        const struct row *r = &rows[i];
        check(readstat_begin_row(writer), "row");
        check(readstat_insert_string_value(writer, lopnr, r->lopnr), "text");
        insert(writer, kommun, r->kommun);
        insert(writer, fodd, r->fodd);
        insert(writer, beslut, r->beslut);
        insert(writer, avslut, r->avslut);
        insert(writer, registrerad, r->registrerad);
        check(readstat_end_row(writer), "row");
    }
    check(readstat_end_writing(writer), name);
    readstat_writer_free(writer);
    if (fclose(out) != 0) {
        perror(path);
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
        return 2;
    }
    /* Born before 1960 (a negative day number), on SAS day 0 and after 2000; an insats still
     * going without an end date (. and .A) and one ending on a leap day; registered at midnight,
     * at a time, with a fraction of a second (as SAS's DATETIME() gives) and not at all. */
    const struct row rows[] = {
        {"p01", 180, sas_date(1932, 7, 14), sas_date(2023, 3, 1), sas_date(2023, 6, 30),
         sas_datetime(2023, 3, 1, 0, 0, 0)},
        {"p02", 180, sas_date(1959, 12, 31), sas_date(2023, 5, 17), MISSING,
         sas_datetime(2023, 5, 17, 8, 30, 15)},
        {"p03", 1480, sas_date(1960, 1, 1), sas_date(2023, 11, 20), sas_date(2024, 2, 29),
         sas_datetime(2023, 11, 20, 16, 45, 0.75)},
        {"p04", 1480, sas_date(2003, 10, 5), sas_date(2023, 12, 31), MISSING_A, MISSING},
    };
    long count = sizeof rows / sizeof rows[0];
    const char *dir = argv[1];
    write_dataset(dir, "insatser_datum.sas7bdat", "YYMMDD10.", rows, count);
    write_dataset(dir, "insatser_datum_fel.sas7bdat", "BEST12.", rows, count);
    return 0;
}
