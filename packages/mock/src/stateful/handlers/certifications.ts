import { num, str } from "../../body.js";
import { notFound, ok } from "../../envelope.js";
import { birthday } from "../birthday.js";
import type { Handlers, StatefulContext } from "../context.js";
import { nullableStr } from "../order-fields.js";
import type { Certification } from "../records.js";
import { randomDigits, randomHex } from "../state.js";

/** Identity verification by SMS OTP (본인인증): certified only once the OTP is confirmed. */
export function certificationHandlers({ state }: StatefulContext): Handlers {
  return {
    "POST /certifications/otp/request": ({ body }) => {
      const digit = num(body.gender_digit);
      // Resident-number gender digits 5 to 8 are foreigners'.
      const foreigner = digit !== undefined && digit >= 5 && digit <= 8;
      const certification: Certification = {
        imp_uid: state.newImpUid(),
        merchant_uid: nullableStr(body.merchant_uid),
        pg_tid: randomDigits(18),
        pg_provider: str(body.pg)?.split(".")[0] || "danal",
        name: nullableStr(body.name),
        gender: digit === undefined ? null : digit % 2 === 1 ? "male" : "female",
        birthday: birthday(str(body.birth), digit),
        foreigner,
        foreigner_v2: foreigner,
        phone: nullableStr(body.phone),
        carrier: nullableStr(body.carrier) as Certification["carrier"],
        certified: false,
        certified_at: 0,
        unique_key: null,
        unique_in_site: null,
        origin: null,
      };
      state.certifications.set(certification.imp_uid, certification);
      return ok({ imp_uid: certification.imp_uid });
    },
    "POST /certifications/otp/confirm/{imp_uid}": ({ params }) => {
      const certification = state.certifications.get(params.imp_uid as string);
      if (!certification) return notFound("인증 요청 정보가 존재하지 않습니다.");
      if (!certification.certified) {
        certification.certified = true;
        certification.certified_at = state.now();
        certification.unique_key = Buffer.from(randomHex(32), "hex").toString("base64");
        certification.unique_in_site = Buffer.from(randomHex(24), "hex").toString("base64");
      }
      return ok(certification);
    },
    "GET /certifications/{imp_uid}": ({ params }) => {
      const certification = state.certifications.get(params.imp_uid as string);
      return certification ? ok(certification) : notFound("인증 정보가 존재하지 않습니다.");
    },
    "DELETE /certifications/{imp_uid}": ({ params }) => {
      const certification = state.certifications.get(params.imp_uid as string);
      if (!certification) return notFound("인증 정보가 존재하지 않습니다.");
      state.certifications.delete(certification.imp_uid);
      return ok(certification);
    },
  };
}
