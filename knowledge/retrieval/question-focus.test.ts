import { questionFocus } from './question-focus';

describe('questionFocus', () => {
  it('when a long message tells a story and asks at the end, then the question is the focus', () => {
    const focus = questionFocus(
      'Buenas, vivo en una vereda de Nariño. Hace como tres meses una mina de oro empezó a botar lodo al río y se murieron los peces. ¿Quién vigila eso y dónde pongo la queja?',
    );
    expect(focus).toBe('¿Quién vigila eso y dónde pongo la queja?');
  });

  it('when the last sentence asks without question marks, then it is still the focus', () => {
    const focus = questionFocus(
      'Tengo un terreno en el sur del Tolima donde hay oro de aluvión y mis abuelos barequeaban ahí. Qué necesito para tener un título a mi nombre',
    );
    expect(focus).toBe('Qué necesito para tener un título a mi nombre');
  });

  it('when a message is short, then it is read whole only', () => {
    expect(questionFocus('Hola. ¿Qué es el barequeo?')).toBeUndefined();
  });

  it('when a long message asks nothing, then there is no focus', () => {
    expect(
      questionFocus(
        'Les cuento que en mi vereda hay muchas minas de carbón desde hace años. La gente vive de eso y nadie tiene problemas con nadie, gracias a Dios.',
      ),
    ).toBeUndefined();
  });
});
