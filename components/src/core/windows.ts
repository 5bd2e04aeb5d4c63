import { InvalidArgumentError } from "./validate";

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const DAY = 24 * 60;
const WEEK = 7 * DAY;

function minutes(hh: string, mm: string): number | undefined {
    const h = Number(hh);
    const m = Number(mm);
    return h < 24 && m < 60 ? h * 60 + m : undefined;
}

/**
 * Checks a daily `hh:mm-hh:mm` window (backups, snapshots) and the weekly `ddd:hh:mm-ddd:hh:mm` maintenance window
 * of a managed store: formats, minimum length, and that they never overlap (AWS refuses overlapping windows).
 */
export function checkWindows(component: string, daily: { name: string; value: string }, weekly: string, minLength: number): void {
    const d = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(daily.value);
    const dStart = d ? minutes(d[1] ?? "", d[2] ?? "") : undefined;
    const dEnd = d ? minutes(d[3] ?? "", d[4] ?? "") : undefined;
    if (dStart === undefined || dEnd === undefined) {
        throw new InvalidArgumentError(component, daily.name, `is "${daily.value}"`, "hh:mm-hh:mm, UTC");
    }
    const dLength = (dEnd - dStart + DAY) % DAY;
    if (dLength < minLength) {
        throw new InvalidArgumentError(component, daily.name, `is ${dLength} minutes long`, `at least ${minLength} minutes`);
    }
    const w = /^([a-z]{3}):(\d\d):(\d\d)-([a-z]{3}):(\d\d):(\d\d)$/.exec(weekly.toLowerCase());
    const wsDay = w ? DAYS.indexOf(w[1] ?? "") : -1;
    const weDay = w ? DAYS.indexOf(w[4] ?? "") : -1;
    const wsMin = w ? minutes(w[2] ?? "", w[3] ?? "") : undefined;
    const weMin = w ? minutes(w[5] ?? "", w[6] ?? "") : undefined;
    if (wsDay < 0 || weDay < 0 || wsMin === undefined || weMin === undefined) {
        throw new InvalidArgumentError(
            component,
            "maintenanceWindow",
            `is "${weekly}"`,
            "ddd:hh:mm-ddd:hh:mm, UTC, e.g. sun:04:00-sun:04:30",
        );
    }
    const wStart = wsDay * DAY + wsMin;
    const wLength = (weDay * DAY + weMin - wStart + WEEK) % WEEK;
    if (wLength < minLength) {
        throw new InvalidArgumentError(component, "maintenanceWindow", `is ${wLength} minutes long`, `at least ${minLength} minutes`);
    }
    for (let day = 0; day < 7; day++) {
        const start = day * DAY + dStart;
        for (const shift of [-WEEK, 0, WEEK]) {
            if (Math.max(start, wStart + shift) < Math.min(start + dLength, wStart + shift + wLength)) {
                throw new InvalidArgumentError(
                    component,
                    daily.name,
                    `("${daily.value}") overlaps maintenanceWindow ("${weekly}")`,
                    "windows that do not overlap",
                );
            }
        }
    }
}
