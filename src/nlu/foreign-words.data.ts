/**
 * Words of the languages Japan's foreign residents write most, as they leave them inside a message
 * (「マイナンバーカードの senha 忘れた」「マイナカード 被锁了」「khóa された」), under the Japanese word
 * the phrases and the lexicon use for them. foreign-words.ts puts the Japanese word in their place.
 *
 * Written by hand from dictionaries, not from any labelled set; lower case, NFC; never a word Japanese
 * writes the same way (代理人, 更改): Japanese text must read as it did. English words are
 * read only inside a message read as Japanese: an English message goes to the English matcher,
 * whose phrases are English. Latin-script words match whole words only; Chinese, Korean and
 * Devanagari ones anywhere (Korean joins its particles to the word: 비밀번호를).
 *
 * Languages: zh (simplified and traditional), ko, vi, pt, es, tl, id, ne, and en.
 */
/**
 * Characters Japanese does not write (simplified and traditional forms: 码, 锁, 谢, 險 …), or hardly
 * ever in a message to this bot (卡, 您, 鎖). Every Chinese word of the table holds one, and is looked
 * for only where one is (foreign-words.ts): the kanji the words share with Japanese (密, 忘, 市, 銀,
 * 個) are in nearly every message. A Chinese word with none (忘了, 市政府, 便利店) is not listed.
 */
export const CHINESE_ANCHORS = '码碼锁鎖记丢遗见谢謝银证险險證脸臉编卡你您怎么办辦几幾设机书识偷號个厅廳盜';

export const FOREIGN_WORDS: Readonly<Record<string, { readonly en?: readonly string[]; readonly other: readonly string[] }>> = {
  パスワード: {
    en: ['password', 'passwords', 'passcode', 'pass code'],
    other: ['senha', 'senhas', 'contraseña', 'contrasena', 'clave', '密码', '密碼', '비밀번호', '비번', '암호', 'mật khẩu', 'mat khau', 'kata sandi', 'पासवर्ड'],
  },
  暗証番号: {
    en: ['pin code', 'pin number', 'pin no'],
    other: ['código pin', 'codigo pin', 'número pin', 'número de pin', 'senha pin', 'pin码', 'pin碼', '핀번호', '핀 번호', 'mã pin', 'ma pin', 'nomor pin'],
  },
  忘れた: {
    en: ['forgot', 'forget', 'forgotten', "can't remember", 'cannot remember', "don't remember"],
    other: [
      'esqueci', 'esqueceu', 'esquecer', 'esquecido', 'esquecida', 'olvidé', 'olvide', 'olvidado', 'olvidada', 'olvidó',
      '忘记', '잊어버렸', '잊어버림', '잊었', '까먹', '기억이 안', '기억 안',
      'quên', 'lupa', 'nakalimutan', 'nalimutan', 'बिर्सें', 'बिर्सिएँ',
    ],
  },
  ロック: {
    en: ['locked', 'lock', 'blocked'],
    other: [
      'bloqueado', 'bloqueada', 'bloqueio', 'bloqueou', 'travado', 'travada', 'travou',
      '锁住', '锁定', '锁了', '被锁', '鎖住', '鎖定', '被鎖', '잠겼', '잠김', '잠금', '잠겨',
      'khóa', 'khoá', 'bị khóa', 'bi khoa', 'terkunci', 'diblokir', 'naka-lock', 'na-lock', 'लक',
    ],
  },
  解除: {
    en: ['unlock', 'unlocked', 'unblock'],
    other: ['desbloquear', 'desbloqueio', 'desbloqueo', '解锁', '解鎖', '해제', 'mở khóa', 'mở khoá', 'mo khoa', 'buka blokir', 'buka kunci'],
  },
  再設定: {
    en: ['reset', 'resetting'],
    other: ['redefinir', 'resetar', 'restablecer', '重设', '重新设置', '재설정', '초기화', 'đặt lại', 'cài lại', 'atur ulang'],
  },
  変更: {
    en: ['change', 'changing'],
    other: ['mudar', 'trocar', 'alterar', 'cambiar', '변경', '바꾸', 'thay đổi', 'đổi', 'ganti', 'ubah', 'palitan'],
  },
  カード: {
    en: ['card'],
    other: ['cartão', 'cartao', 'tarjeta', '卡片', '卡', '카드', 'thẻ', 'kartu'],
  },
  マイナンバーカード: {
    en: ['my number card', 'mynumber card', 'my-number card'],
    other: ['个人编号卡', '個人編號卡', '个人番号卡', '마이넘버카드', '마이넘버 카드', '마이넘버', 'thẻ my number', 'thẻ mã số cá nhân', 'cartão my number', 'cartão de my number', 'tarjeta my number', 'kartu my number'],
  },
  市役所: {
    en: ['city hall', 'city office', 'ward office', 'town hall', 'municipal office'],
    other: ['prefeitura', 'ayuntamiento', 'municipalidad', '市政厅', '市政廳', '시청', '구청', '동사무소', 'ủy ban', 'tòa thị chính', 'balai kota', 'kantor kota', 'munisipyo'],
  },
  なくした: {
    en: ['lost', 'lose'],
    other: ['perdi', 'perdido', 'perdida', 'perdí', 'perdeu', '丢了', '丢失', '弄丢', '遗失', '不见了', '잃어버렸', '잃어버림', '분실', 'bị mất', 'làm mất', 'hilang', 'nawala', 'हराएको', 'हरायो'],
  },
  盗まれた: {
    en: ['stolen'],
    other: ['roubado', 'roubada', 'roubaram', 'robado', 'robada', 'robaron', '被偷', '被盜', '도난', '도둑맞', 'bị trộm', 'bị lấy cắp', 'dicuri', 'ninakaw'],
  },
  こんにちは: {
    other: ['xin chào', 'chào bạn', 'olá', 'bom dia', 'boa tarde', 'boa noite', 'hola', 'buenos días', 'buenas tardes', '你好', '您好', '안녕하세요', '안녕', 'selamat pagi', 'selamat siang', 'selamat sore', 'kumusta', 'magandang umaga', 'namaste', 'नमस्ते'],
  },
  ありがとう: {
    other: ['cảm ơn', 'cám ơn', 'cam on', 'obrigado', 'obrigada', 'gracias', '谢谢', '謝謝', '多谢', '감사합니다', '고마워요', '고맙습니다', 'terima kasih', 'salamat', 'dhanyabad', 'धन्यवाद'],
  },
  保険証: {
    en: ['health insurance card', 'insurance card', 'health insurance'],
    other: ['seguro saúde', 'seguro de saúde', 'cartão do seguro', 'seguro médico', 'tarjeta del seguro', '医保卡', '健康保险', '保险证', '保險證', '건강보험증', '건강보험', '보험증', 'bảo hiểm y tế', 'thẻ bảo hiểm', 'asuransi kesehatan', 'kartu asuransi'],
  },
  コンビニ: {
    en: ['convenience store', 'konbini', 'combini'],
    other: ['loja de conveniência', 'loja de conveniencia', 'tienda de conveniencia', '편의점', 'cửa hàng tiện lợi', 'minimarket'],
  },
  代理: {
    en: ['on behalf', 'proxy', 'instead of'],
    other: ['procurador', 'procuração', 'en nombre', 'apoderado', '代办', '代辦', '대리', '대신', 'ủy quyền', 'người đại diện', 'thay mặt', 'perwakilan', 'kuasa'],
  },
  証明書: {
    en: ['certificate'],
    other: ['certificado', 'atestado', '证明书', '證明書', '证书', '證書', '증명서', '인증서', 'giấy chứng nhận', 'chứng thư', 'sertifikat', 'surat keterangan'],
  },
  銀行: {
    en: ['bank'],
    other: ['banco', '银行', '銀行卡', '은행', 'ngân hàng', 'bangko'],
  },
  スマホ: {
    en: ['smartphone', 'smart phone'],
    other: ['celular', 'telemóvel', 'móvil', 'movil', '手机', '핸드폰', '휴대폰', '스마트폰', 'điện thoại', 'ponsel'],
  },
  何回: {
    en: ['how many times', 'how many tries', 'how many attempts'],
    other: ['quantas vezes', 'cuántas veces', 'cuantas veces', '几次', '幾次', '몇 번', '몇번', 'mấy lần', 'bao nhiêu lần', 'berapa kali', 'ilang beses'],
  },
  どうしたらいい: {
    en: ['what should i do', 'what do i do', 'how can i', 'how do i'],
    other: ['como faço', 'como faz', 'o que faço', 'o que fazer', 'qué hago', 'que hago', 'cómo', '怎么办', '怎麼辦', '怎么做', '어떻게', 'làm sao', 'phải làm gì', 'làm thế nào', 'bagaimana', 'paano'],
  },
  在留カード: {
    en: ['residence card', 'zairyu card'],
    other: ['cartão de residente', 'cartão de residência', 'tarjeta de residencia', '在留卡', '居留卡', '재류카드', '체류카드', 'thẻ cư trú', 'thẻ ngoại kiều', 'kartu izin tinggal'],
  },
  顔認証: {
    en: ['face recognition', 'facial recognition', 'face id', 'face authentication'],
    other: ['reconhecimento facial', 'reconocimiento facial', '人脸识别', '刷脸', '臉部辨識', '얼굴 인증', '안면인식', 'nhận diện khuôn mặt', 'pengenalan wajah'],
  },
};
